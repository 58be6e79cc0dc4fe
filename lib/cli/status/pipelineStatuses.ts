import type { PipelineExecutions } from '../../adapters/stepFunctions';
import type { DataLakeConfig } from '../../config';
import { stateMachineName } from '../../core/naming';
import { sourcePipelines } from '../../core/status';
import type { PipelineRun, PipelineStatus } from './StatusReport';

/** Executions looked at per state machine to find the last successful one. */
export const EXECUTIONS_LOOKED_AT = 50;

/** Statuses of an execution that ended without success: DescribeExecution says why. */
const UNSUCCESSFUL = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Every pipeline of every source of the config (snapshot and replica, as `SourceStack` deploys
 * them: see `sourcePipelines`), found by `stateMachineName`: the newest execution, with the error
 * and cause of one that failed, timed out or was aborted, and the newest successful one.
 *
 * @example
 * ```ts
 * await pipelineStatuses(config, new PipelineExecutions(new SFNClient({})));
 * // [{ source: 'service', pipeline: 'snapshot', stateMachine: 'marketplace-service-snapshot', deployed: true, lastRun: {…} }, …]
 * ```
 */
export async function pipelineStatuses(
  config: DataLakeConfig,
  executions: PipelineExecutions,
): Promise<PipelineStatus[]> {
  const arns = await executions.stateMachineArns();
  const statuses: PipelineStatus[] = [];
  for (const source of config.sources) {
    for (const pipeline of sourcePipelines(source, config.pools)) {
      const stateMachine = stateMachineName(config.name, source.name, pipeline);
      const arn = arns.get(stateMachine);
      if (arn === undefined) {
        statuses.push({ source: source.name, pipeline, stateMachine, deployed: false });
        continue;
      }
      const recent = await executions.recent(arn, EXECUTIONS_LOOKED_AT);
      const latest = recent[0];
      const success = recent.find((execution) => execution.status === 'SUCCEEDED');
      let lastRun: PipelineRun | undefined;
      if (latest !== undefined) {
        const failure = UNSUCCESSFUL.has(latest.status) ? await executions.failure(latest.executionArn) : {};
        lastRun = {
          name: latest.name,
          status: latest.status,
          startedAt: latest.startedAt,
          ...(latest.stoppedAt === undefined ? {} : { stoppedAt: latest.stoppedAt }),
          ...(failure.error === undefined ? {} : { error: failure.error }),
          ...(failure.cause === undefined ? {} : { cause: failure.cause }),
        };
      }
      statuses.push({
        source: source.name,
        pipeline,
        stateMachine,
        deployed: true,
        ...(lastRun === undefined ? {} : { lastRun }),
        ...(success?.stoppedAt === undefined
          ? {}
          : { lastSuccess: { name: success.name, stoppedAt: success.stoppedAt } }),
      });
    }
  }
  return statuses;
}
