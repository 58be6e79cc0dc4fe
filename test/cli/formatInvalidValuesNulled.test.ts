import { formatInvalidValuesNulled } from '../../lib/cli/formatInvalidValuesNulled';
import type { LoggedTable } from '../../lib/local/runLog';

const table = (overrides: Partial<LoggedTable>): LoggedTable => ({
  table: 'users',
  status: 'done',
  rows: 10,
  bytes: 100,
  dropped: [],
  masked: [],
  seconds: 1,
  ...overrides,
});

describe('formatInvalidValuesNulled', () => {
  it('names each table that landed invalid dates as NULL, with its total and each column’s count', () => {
    // Act
    const lines = formatInvalidValuesNulled([
      table({ table: 'users', invalidValuesNulled: { born: 2, updated_at: 1 } }),
      table({ table: 'items' }),
    ]);

    // Assert
    expect(lines).toEqual([
      'users: 3 invalid date(s) landed as NULL (born 2, updated_at 1); invalidDates: fail on the source fails the table instead',
    ]);
  });

  it('says nothing when no table did', () => {
    expect(formatInvalidValuesNulled([table({}), table({ invalidValuesNulled: {} })])).toEqual([]);
  });
});
