import type { LocalLakePaths } from './localCatalogPaths';
import { isProcessRunning } from './processIdentity';
import { readRunLock } from './runLock';
import { killedRunError, type LoggedRun, readRunLog } from './runLog';

/**
 * The local run log as it stands now, oldest run first: a run logged `RUNNING` that no running
 * process holds the lake's run lock for died before it ended, and reads as `KILLED` (the next
 * run records it so; this only reads).
 *
 * @example
 * ```ts
 * const runs = await readLocalRuns(localLakePaths('.local/lake'));
 * ```
 */
export async function readLocalRuns(paths: LocalLakePaths): Promise<LoggedRun[]> {
  const runs = await readRunLog(paths.runLog);
  if (!runs.some((run) => run.status === 'RUNNING')) return runs;
  const owner = await readRunLock(paths.runLock);
  const running = owner !== undefined && isProcessRunning(owner) ? owner : undefined;
  return runs.map((run) =>
    run.status !== 'RUNNING' || (running?.runId === run.runId && running.source === run.source)
      ? run
      : { ...run, status: 'KILLED', error: killedRunError(run.pid) },
  );
}
