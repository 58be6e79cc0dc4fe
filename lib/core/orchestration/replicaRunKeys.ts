import { replicaRunsPrefix } from '../naming';
import { assertRunId } from '../pipeline/runId';

/**
 * The object keys of one replica run's stored plan, in the raw bucket: per pool the chunk list its
 * extract Map reads and the table list its commit Map reads, and the folder of failure notes, one per failed table
 * (`failures/<table>/cause.txt`), that a failed chunk or commit leaves: the commit skips a table
 * noted there and the run lists them when it ends (a Distributed Map's children are not in the
 * run's history).
 *
 * @example
 * ```ts
 * const keys = replicaRunKeys('service', '20261123T040000Z');
 * keys.tables('small'); // 'replica-runs/service/20261123T040000Z/tables/small.json'
 * keys.chunks('small'); // 'replica-runs/service/20261123T040000Z/chunks/small.json'
 * keys.failures; // 'replica-runs/service/20261123T040000Z/failures/'
 * ```
 */
export function replicaRunKeys(source: string, runId: string) {
  const prefix = `${replicaRunsPrefix(source)}${assertRunId(runId)}/`;
  return {
    prefix,
    tables: (pool: string) => `${prefix}tables/${pool}.json`,
    chunks: (pool: string) => `${prefix}chunks/${pool}.json`,
    failures: `${prefix}failures/`,
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
