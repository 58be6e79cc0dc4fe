import { loggedTableKpis } from '../local/loggedTableKpis';
import type { LoggedTable } from '../local/runLog';
import { formatBytes } from './formatBytes';

/** The columns of `datalake local`'s summary table. */
export const LOCAL_SUMMARY_HEADERS = [
  'table',
  'rows',
  'row check',
  'freshness',
  'dropped',
  'masked',
  'bytes',
  'time',
] as const;

/** Whole seconds in the largest unit that keeps them readable: `45 s`, `12 min`, `3.5 h`, `2.0 d`. */
function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** `ok` when the lake holds the source's rows, else the gap and both counts. */
function formatRowCheck(
  rows: number,
  sourceRows: number | undefined,
  difference: number | undefined,
): string {
  if (difference === undefined || sourceRows === undefined) return '-';
  if (difference === 0) return 'ok';
  return `${difference > 0 ? '+' : ''}${difference} (${rows} of ${sourceRows})`;
}

/**
 * The rows of `datalake local`'s summary table, one per table of the run: its rows, its row-count
 * check against the source and its freshness at `now` (the KPIs the commit publishes on AWS, see
 * `loggedTableKpis`), the columns dropped and masked, the bytes written and the time taken.
 *
 * @param now epoch milliseconds
 * @example
 * ```ts
 * formatTable([...LOCAL_SUMMARY_HEADERS], localSummaryRows(result.tables, Date.now()));
 * ```
 */
export function localSummaryRows(tables: readonly LoggedTable[], now: number): (string | number)[][] {
  return tables.map((table) => {
    const kpis = loggedTableKpis(table, now);
    return [
      table.table,
      table.rows,
      formatRowCheck(table.rows, table.sourceRows, kpis.rowCountDifference),
      kpis.freshnessSeconds === undefined ? '-' : formatSeconds(kpis.freshnessSeconds),
      table.dropped.join(', ') || '-',
      table.masked.join(', ') || '-',
      formatBytes(table.bytes),
      `${table.seconds.toFixed(2)} s`,
    ];
  });
}
