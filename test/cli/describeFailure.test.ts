import { describeFailure } from '../../lib/cli/describeFailure';
import { LocalRunFailedError, SourceUnreachableError } from '../../lib/core/errors';

/** A Node fs error as fs/promises throws it. */
function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

describe('describeFailure of a failed local run', () => {
  it('leads with the run’s first error, then names the run, then the cleanup errors after it', () => {
    // Arrange
    const error = new LocalRunFailedError({
      runId: '20261207T032346Z',
      source: 'shop',
      cause: fsError('ENOSPC', "no space left on device, copyfile '/lake/tmp/x' -> '/lake/buckets/y'"),
      cleanupErrors: [fsError('ENOTEMPTY', "directory not empty, rmdir '/lake/tmp'")],
    });

    // Act
    const text = describeFailure(error, false);

    // Assert
    expect(text.split('\n')).toEqual([
      "error: ENOSPC: no space left on device, copyfile '/lake/tmp/x' -> '/lake/buckets/y' (run with --verbose for the stack trace)",
      '  (local run 20261207T032346Z of source shop; `datalake status --local` lists it)',
      "  then, while cleaning up: ENOTEMPTY: directory not empty, rmdir '/lake/tmp'",
    ]);
  });

  it('describes a typed first error as the CLI always has (one line, no stack hint)', () => {
    // Arrange
    const error = new LocalRunFailedError({
      runId: 'r1',
      source: 'shop',
      cause: new SourceUnreachableError('127.0.0.1', 1, 'connection refused'),
      cleanupErrors: [],
    });

    // Act / Assert
    expect(describeFailure(error, false).split('\n')).toEqual([
      'error: Cannot reach the source database at 127.0.0.1:1 (connection refused); start it or pass another --source URL',
      '  (local run r1 of source shop; `datalake status --local` lists it)',
    ]);
  });
});
