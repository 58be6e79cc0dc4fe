import { DataLakeError } from '../errors';

/**
 * The runs whose data retention deletes after `currentRunId` was committed: of the runs up to
 * and including the current one, all but the newest `keep`. Never the current run, never
 * `previousRunId` (readers that started before the switch may still read it), and never a
 * run newer than the current one (it may be in progress). Run ids sort as text by time.
 *
 * @param allRunIds every run id that has data (duplicates allowed)
 * @param keep how many runs to keep, counting the current one; at least 1
 * @param previousRunId the run committed before the current one
 * @default previousRunId - none protected beyond `keep`
 * @returns the run ids to delete, oldest first
 * @example
 * ```ts
 * runsToDelete(['20260101T000000Z', '20260102T000000Z', '20260103T000000Z'], '20260103T000000Z', 2);
 * // ['20260101T000000Z']
 * ```
 */
export function runsToDelete(
  allRunIds: readonly string[],
  currentRunId: string,
  keep: number,
  previousRunId?: string,
): string[] {
  if (!Number.isInteger(keep) || keep < 1) {
    throw new DataLakeError(`Invalid runs to keep: received ${keep}; allowed: an integer >= 1`);
  }
  const upToCurrent = [...new Set([...allRunIds, currentRunId])]
    .filter((runId) => runId <= currentRunId)
    .sort();
  return upToCurrent
    .slice(0, Math.max(0, upToCurrent.length - keep))
    .filter((runId) => runId !== currentRunId && runId !== previousRunId);
}
