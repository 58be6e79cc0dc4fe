import { rowCountDifference, secondsSince } from '../core/metrics';
import type { LoggedTable } from './runLog';

/** The KPIs of one table of a local run, as its commit would publish them on AWS. */
export interface TableKpis {
  /** How old the newest queryable data is, in seconds. @default - not committed (or not recorded) */
  readonly freshnessSeconds?: number;
  /** Rows in the lake − rows the source held (0: complete). @default - the source's count is not recorded */
  readonly rowCountDifference?: number;
}

/**
 * A logged table's freshness at `now` and its row-count check, from the same functions the
 * commit's metrics use (`secondsSince` of the data's as-of time, `rowCountDifference`).
 *
 * @param now epoch milliseconds
 * @example
 * ```ts
 * loggedTableKpis({ ...table, rows: 998, sourceRows: 1000, asOf: '2026-11-23T03:00:00.000Z' }, Date.parse('2026-11-23T03:02:00Z'));
 * // { freshnessSeconds: 120, rowCountDifference: -2 }
 * ```
 */
export function loggedTableKpis(table: LoggedTable, now: number): TableKpis {
  return {
    ...(table.asOf === undefined ? {} : { freshnessSeconds: secondsSince(new Date(table.asOf), now) }),
    ...(table.sourceRows === undefined
      ? {}
      : { rowCountDifference: rowCountDifference(table.rows, table.sourceRows) }),
  };
}
