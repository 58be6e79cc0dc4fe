import type { DataLakeConfig } from '../../config';
import { type PipelineKind, stateMachineName } from '../../core/naming';
import { sourcePipelines } from '../../core/status';
import type { LoggedPipeline, LoggedRun } from '../../local/runLog';
import type { PipelineRun, PipelineStatus } from './StatusReport';

/** The newest run that logged `pipeline`, with its entry for it; runs are oldest first. */
function newestLogged(
  runs: readonly LoggedRun[],
  pipeline: PipelineKind,
  status?: LoggedPipeline['status'],
): { run: LoggedRun; logged: LoggedPipeline } | undefined {
  for (const run of runs.toReversed()) {
    const logged = run.pipelines?.findLast(
      (entry) => entry.pipeline === pipeline && (status === undefined || entry.status === status),
    );
    if (logged !== undefined) return { run, logged };
  }
  return undefined;
}

function lastRunOf(sourceRuns: readonly LoggedRun[], pipeline: PipelineKind): PipelineRun | undefined {
  const last = sourceRuns.at(-1);
  const unfinished = last?.status === 'RUNNING' || last?.status === 'KILLED';
  // A run still going, or that died, has not logged the pipelines it had not ended: it is their
  // newest run, in its own status.
  if (last !== undefined && unfinished && !last.pipelines?.some((entry) => entry.pipeline === pipeline)) {
    return {
      name: last.runId,
      status: last.status,
      startedAt: new Date(last.startedAt),
      ...(last.endedAt === undefined ? {} : { stoppedAt: new Date(last.endedAt) }),
      ...(last.error === undefined ? {} : { error: last.error }),
    };
  }
  const newest = newestLogged(sourceRuns, pipeline);
  if (newest === undefined) return undefined;
  const { run, logged } = newest;
  return {
    name: run.runId,
    status: logged.status,
    startedAt: new Date(logged.startedAt),
    stoppedAt: new Date(logged.endedAt),
    ...(logged.error === undefined ? {} : { error: logged.error }),
  };
}

/**
 * Every pipeline of every source of the config (snapshot and replica, as `SourceStack` deploys
 * them: see `sourcePipelines`) from the local run log, as `pipelineStatuses` reads them from Step
 * Functions: the run id as the execution's name, the newest run of that pipeline with its error,
 * and the newest successful one. `stateMachine` is `stateMachineName`'s: the local runner runs
 * the same definition. A source's newest run that is `RUNNING` or `KILLED` and has not logged the
 * pipeline is that pipeline's last run, in that status; runs logged before pipelines were
 * recorded count for none.
 *
 * @param runs the local run log, oldest first (`readLocalRuns`)
 * @example
 * ```ts
 * localPipelineStatuses(config, await readLocalRuns(localLakePaths('.local/lake')));
 * // [{ source: 'service', pipeline: 'snapshot', stateMachine: 'marketplace-service-snapshot', deployed: true, lastRun: {…} }, …]
 * ```
 */
export function localPipelineStatuses(config: DataLakeConfig, runs: readonly LoggedRun[]): PipelineStatus[] {
  return config.sources.flatMap((source) => {
    const sourceRuns = runs.filter((run) => run.source === source.name);
    return sourcePipelines(source, config.pools).map((pipeline): PipelineStatus => {
      const lastRun = lastRunOf(sourceRuns, pipeline);
      const success = newestLogged(sourceRuns, pipeline, 'SUCCEEDED');
      return {
        source: source.name,
        pipeline,
        stateMachine: stateMachineName(config.name, source.name, pipeline),
        // Locally, each pipeline the config gives a source is built and run from it.
        deployed: true,
        ...(lastRun === undefined ? {} : { lastRun }),
        ...(success === undefined
          ? {}
          : { lastSuccess: { name: success.run.runId, stoppedAt: new Date(success.logged.endedAt) } }),
      };
    });
  });
}
