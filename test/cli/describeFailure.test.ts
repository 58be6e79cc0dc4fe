import { describeFailure } from '../../lib/cli/describeFailure';
import { runFailureMessage } from '../../lib/core/alerts';
import { LocalRunFailedError, PipelineRunFailedError, SourceUnreachableError } from '../../lib/core/errors';

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

  it('tells a failed pipeline run with the failure message the alert topic would get, then names the run', () => {
    // Arrange
    const failure = {
      lake: 'demo',
      source: 'shop',
      pipeline: 'snapshot',
      stateMachine: 'demo-shop-snapshot',
      execution: 'r1',
      status: 'FAILED',
      startedAt: '2026-12-07T03:00:05.000Z',
      error: 'TableFailed',
      cause: 'Table shop.items failed with TransformError: part 1 is corrupt',
      failedTables: [{ table: 'items', cause: 'TransformError: part 1 is corrupt' }],
      link: 'datalake status --local --lake-dir .local/lake',
    } as const;
    const error = new LocalRunFailedError({
      runId: 'r1',
      source: 'shop',
      cause: new PipelineRunFailedError(failure),
      cleanupErrors: [],
    });

    // Act
    const text = describeFailure(error, false);

    // Assert
    const { subject, body } = runFailureMessage(failure);
    expect(text).toBe(
      `error: ${subject}\n${body.trimEnd()}\n  (local run r1 of source shop; \`datalake status --local\` lists it)`,
    );
    expect(text.split('\n')[0]).toBe('error: Data lake demo: shop snapshot run FAILED: 1 table failed');
  });
});
