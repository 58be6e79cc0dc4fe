import { LOCAL_SUMMARY_HEADERS, localSummaryRows } from '../../lib/cli/localSummaryRows';
import type { LoggedTable } from '../../lib/local/runLog';

const NOW = Date.parse('2026-11-23T05:30:00Z');

/** A table of a local run, committed with its source's rows, its data as of 03:00. */
function loggedTable(overrides: Partial<LoggedTable> = {}): LoggedTable {
  return {
    table: 'users',
    status: 'done',
    rows: 1000,
    bytes: 2048,
    dropped: ['password_hash'],
    masked: ['email (hash)'],
    seconds: 1.5,
    asOf: '2026-11-23T03:00:00.000Z',
    sourceRows: 1000,
    ...overrides,
  };
}

describe('localSummaryRows', () => {
  it('shows each table with its row-count check and freshness beside rows, columns, bytes and time', () => {
    // Act
    const rows = localSummaryRows([loggedTable()], NOW);

    // Assert
    expect(LOCAL_SUMMARY_HEADERS).toEqual([
      'table',
      'rows',
      'row check',
      'freshness',
      'dropped',
      'masked',
      'bytes',
      'time',
    ]);
    expect(rows).toEqual([
      ['users', 1000, 'ok', '2.5 h', 'password_hash', 'email (hash)', '2.0 KB', '1.50 s'],
    ]);
  });

  it('shows a failed table short of its source by how many rows, and no freshness', () => {
    // Act
    const [row] = localSummaryRows(
      [loggedTable({ status: 'failed', rows: 998, asOf: undefined, error: 'wrote 998 rows; expected 1000' })],
      NOW,
    );

    // Assert
    expect(row?.slice(0, 4)).toEqual(['users', 998, '-2 (998 of 1000)', '-']);
  });

  it('shows - for a table logged before freshness and source rows were recorded', () => {
    // Act
    const [row] = localSummaryRows([loggedTable({ asOf: undefined, sourceRows: undefined })], NOW);

    // Assert
    expect(row?.slice(2, 4)).toEqual(['-', '-']);
  });
});
