import type { LoggedTable } from '../local/runLog';

/**
 * One line per table of a local run that landed invalid values as NULL (MySQL zero dates under
 * `invalidDates: null`), naming each column and its count: what the `InvalidValuesNulled` metric
 * counts on AWS. None when no table did.
 *
 * @example
 * ```ts
 * formatInvalidValuesNulled([{ ...table, table: 'users', invalidValuesNulled: { born: 2 } }]);
 * // ['users: 2 invalid date(s) landed as NULL (born 2); invalidDates: fail on the source fails the table instead']
 * ```
 */
export function formatInvalidValuesNulled(tables: readonly LoggedTable[]): string[] {
  return tables.flatMap((table) => {
    const counts = Object.entries(table.invalidValuesNulled ?? {});
    if (counts.length === 0) return [];
    const total = counts.reduce((sum, [, count]) => sum + count, 0);
    const columns = counts.map(([column, count]) => `${column} ${count}`).join(', ');
    return [
      `${table.table}: ${total} invalid date(s) landed as NULL (${columns}); invalidDates: fail on the source fails the table instead`,
    ];
  });
}
