import { verifyRowCount } from '../../../lib/core/commit';
import { RowCountMismatchError } from '../../../lib/core/errors';
import { partResult, RUN } from './factories';

const EXPECTED = { source: 'service', table: 'users', runId: RUN, rows: 30, parts: 3 };

function caught(run: () => unknown): RowCountMismatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof RowCountMismatchError) return error;
    throw error;
  }
  throw new Error('expected a RowCountMismatchError');
}

describe('verifyRowCount', () => {
  it('sums rows, files and bytes when every part is there and the count matches', () => {
    // Arrange
    const manifests = [partResult(0), partResult(1, { files: [{ rows: 4 }, { rows: 6 }] }), partResult(2)];

    // Act
    const totals = verifyRowCount(manifests, EXPECTED);

    // Assert
    expect(totals).toEqual({ rows: 30, files: 4, bytes: 1010 + 1004 + 1006 + 1010 });
  });

  it('names the missing part indexes', () => {
    // Arrange
    const manifests = [partResult(1, { files: [{ rows: 30 }] })];

    // Act
    const error = caught(() => verifyRowCount(manifests, EXPECTED));

    // Assert
    expect(error.missingParts).toEqual([0, 2]);
    expect(error.message).toContain('2 of 3 part(s) have no manifest: 0, 2');
    expect(error.table).toBe('service.users');
  });

  it('names the table, the expected count and the rows written when they differ', () => {
    // Arrange
    const manifests = [partResult(0), partResult(1), partResult(2, { files: [{ rows: 9 }] })];

    // Act
    const error = caught(() => verifyRowCount(manifests, EXPECTED));

    // Assert
    expect(error.message).toBe(
      `Table service.users, run ${RUN}: wrote 29 rows; expected 30 (the source's count)`,
    );
    expect([error.expectedRows, error.writtenRows]).toEqual([30, 29]);
  });

  it('refuses a manifest of another run, table or source', () => {
    // Arrange
    const manifests = [partResult(0), partResult(1, { runId: '20261122T030005Z' }), partResult(2)];

    // Act / Assert
    expect(() => verifyRowCount(manifests, EXPECTED)).toThrow(
      'manifest of part 1 is for service.users run 20261122T030005Z; expected service.users run 20261123T030005Z',
    );
  });

  it('refuses part indexes outside 0..parts-1 and duplicates', () => {
    // Arrange
    const manifests = [partResult(0), partResult(0), partResult(3)];

    // Act
    const error = caught(() => verifyRowCount(manifests, EXPECTED));

    // Assert
    expect(error.message).toContain('manifest names part 3; allowed: 0..2');
    expect(error.message).toContain('part 0 has more than one manifest');
    expect(error.missingParts).toEqual([1, 2]);
  });

  it('refuses a manifest whose files do not add up to its rows', () => {
    // Arrange
    const lying = { ...partResult(0), rows: 12 };

    // Act / Assert
    expect(() => verifyRowCount([lying], { ...EXPECTED, rows: 12, parts: 1 })).toThrow(
      'part 0: its files hold 10 rows but its manifest says 12',
    );
  });

  it('accepts an empty table: one part, no rows, no files', () => {
    // Act
    const totals = verifyRowCount([partResult(0, { files: [] })], { ...EXPECTED, rows: 0, parts: 1 });

    // Assert
    expect(totals).toEqual({ rows: 0, files: 0, bytes: 0 });
  });
});
