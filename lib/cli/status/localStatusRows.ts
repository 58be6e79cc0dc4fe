import type { QueryValue } from '../../adapters/athena';
import type { LoggedRun } from '../../local/runLog';
import { formatAge } from '../formatAge';

/** Columns of {@link localStatusRows}. */
export const LOCAL_STATUS_HEADERS = [
  'source',
  'table',
  'last run',
  'status',
  'rows',
  'last success',
  'freshness',
];

/** A run's status as one cell: `run RUNNING: pid 4242 since …`, `run KILLED: process 4242 …`. */
function runStatus(run: LoggedRun): string {
  if (run.status === 'RUNNING') return `run RUNNING: pid ${run.pid ?? '?'} since ${run.startedAt}`;
  return `run ${run.status}: ${run.error ?? ''}`.trim();
}

/**
 * One row per source and table from the local run log: the table's last run and its status,
 * the rows it committed, and the age of its last successful run. A source's last run that has no
 * table (still running, killed, or failed before any table started) shows as one row with table
 * `-`.
 *
 * @example
 * ```ts
 * localStatusRows(await readRunLog('.local/lake/runs.json'), new Date());
 * // [['marketplace', 'users', '20261123T030005Z', 'done', 400, '20261123T030005Z', '3 min'], …]
 * ```
 */
export function localStatusRows(runs: readonly LoggedRun[], now: Date): QueryValue[][] {
  const rows: QueryValue[][] = [];
  for (const source of [...new Set(runs.map((run) => run.source))].sort()) {
    const sourceRuns = runs.filter((run) => run.source === source);
    const tables = [...new Set(sourceRuns.flatMap((run) => run.tables.map((table) => table.table)))].sort();
    const last = sourceRuns.at(-1);
    if (last !== undefined && last.tables.length === 0) {
      rows.push([source, '-', last.runId, runStatus(last), null, null, null]);
    }
    for (const table of tables) {
      const entries = sourceRuns.flatMap((run) =>
        run.tables.filter((t) => t.table === table).map((entry) => ({ run, entry })),
      );
      const latest = entries.at(-1);
      const success = entries.filter(({ entry }) => entry.status === 'done').at(-1);
      if (latest === undefined) continue;
      rows.push([
        source,
        table,
        latest.run.runId,
        latest.entry.status === 'failed' ? `failed: ${latest.entry.error ?? ''}`.trim() : latest.entry.status,
        success?.entry.rows ?? null,
        success?.run.runId ?? null,
        success ? formatAge(new Date(success.run.endedAt ?? success.run.startedAt), now) : null,
      ]);
    }
  }
  return rows;
}
