import { replicaRunsPrefix } from '../naming';
import { assertRunId } from '../pipeline/runId';

/**
 * The object keys of one replica run's stored plan, in the raw bucket: the table list the commit
 * Map reads, one chunk list per pool, and the failure notes a failed chunk or commit leaves for
 * the parent state to name the table (a Distributed Map reports only that a child failed).
 *
 * @example
 * ```ts
 * const keys = replicaRunKeys('service', '20261123T040000Z');
 * keys.tables; // 'replica-runs/service/20261123T040000Z/tables.json'
 * keys.chunks('small'); // 'replica-runs/service/20261123T040000Z/chunks/small.json'
 * ```
 */
export function replicaRunKeys(source: string, runId: string) {
  const prefix = `${replicaRunsPrefix(source)}${assertRunId(runId)}/`;
  return {
    prefix,
    tables: `${prefix}tables.json`,
    chunks: (pool: string) => `${prefix}chunks/${pool}.json`,
    chunkFailure: (pool: string) => `${prefix}failures/chunks-${pool}.txt`,
    commitFailure: `${prefix}failures/commit.txt`,
  } as const;
}

/**
 * The key pattern of every stored replica run of `source`, for IAM: `replica-runs/<source>/*`.
 * The Distributed Maps' result files go under it too ({@link replicaMapResultsPrefix}).
 *
 * @example
 * ```ts
 * bucket.arnForObjects(replicaRunKeyPattern('service')); // …/replica-runs/service/*
 * ```
 */
export function replicaRunKeyPattern(source: string): string {
  return `${replicaRunsPrefix(source)}*`;
}

/**
 * Where a replica run's Distributed Maps write their children's results (Step Functions adds a
 * folder per Map Run), so the Maps' own output stays a pointer whatever the number of chunks.
 *
 * @example
 * ```ts
 * replicaMapResultsPrefix('service'); // 'replica-runs/service/map-results'
 * ```
 */
export function replicaMapResultsPrefix(source: string): string {
  return `${replicaRunsPrefix(source)}map-results`;
}
