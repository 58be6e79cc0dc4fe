import type { QueryValue } from '../../adapters/athena';
import { formatAge } from '../formatAge';
import { formatTable } from '../formatResult';
import type { PipelineStatus, TableStatus } from './StatusReport';

/** Columns of the pipelines table of `datalake status`. */
export const PIPELINE_HEADERS = [
  'source',
  'pipeline',
  'state machine',
  'last run',
  'status',
  'started',
  'last success',
  'last error',
];

/** Columns of the freshness table of `datalake status` (and `--local`). */
export const FRESHNESS_HEADERS = [
  'source',
  'table',
  'committed run',
  'as of',
  'freshness',
  'SLO',
  'within SLO',
];

/** A number of seconds in the largest whole unit, as `formatAge` writes ages. */
function duration(seconds: number): string {
  return formatAge(new Date(0), new Date(seconds * 1000));
}

function pipelineRow(status: PipelineStatus): QueryValue[] {
  const run = status.lastRun;
  const failure = [run?.error, run?.cause].filter((part) => part !== undefined && part !== '').join(': ');
  return [
    status.source,
    status.pipeline,
    status.stateMachine,
    run?.name ?? null,
    status.deployed ? (run?.status ?? 'never run') : 'not deployed',
    run?.startedAt.toISOString() ?? null,
    status.lastSuccess?.stoppedAt.toISOString() ?? null,
    failure === '' ? null : failure,
  ];
}

function freshnessRow(table: TableStatus): QueryValue[] {
  return [
    table.source,
    table.table,
    table.runId,
    table.asOf.toISOString(),
    duration(table.ageSeconds),
    duration(table.sloSeconds),
    table.withinSlo ? 'yes' : 'NO: stale',
  ];
}

/**
 * The pipelines of `datalake status` as an aligned table: one row per source and pipeline, the
 * newest execution's status and start, the newest success, and the error and cause of a failed,
 * timed-out or aborted one.
 */
export function formatPipelines(pipelines: readonly PipelineStatus[]): string {
  return formatTable(PIPELINE_HEADERS, pipelines.map(pipelineRow));
}

/**
 * The committed tables as an aligned table: run, as-of time and where it comes from, freshness
 * against the SLO; `no committed tables` when there are none.
 */
export function formatFreshness(tables: readonly TableStatus[]): string {
  return tables.length === 0
    ? 'no committed tables'
    : formatTable(FRESHNESS_HEADERS, tables.map(freshnessRow));
}
