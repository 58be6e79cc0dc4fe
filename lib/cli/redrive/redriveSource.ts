import type { PipelineExecutions } from '../../adapters/stepFunctions';
import type { DataLakeConfig } from '../../config';
import { type PipelineKind, stateMachineName } from '../../core/naming';
import { TABLES_FAILED_ERROR } from '../../core/orchestration';
import { sourcePipelines } from '../../core/status';
import { CliUsageError } from '../CliUsageError';
import { NothingToRedriveError } from '../NothingToRedriveError';

/** Statuses RedriveExecution accepts ("Redriving executions", Step Functions Developer Guide). */
const REDRIVABLE_STATUSES = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** One execution `redriveSource` redrove. */
export interface Redriven {
  readonly pipeline: PipelineKind;
  readonly stateMachine: string;
  readonly executionArn: string;
  readonly name: string;
  /** FAILED, TIMED_OUT or ABORTED. */
  readonly status: string;
  /** Its error and cause, as DescribeExecution gave them. */
  readonly failure: string;
  /** @default - Step Functions did not say */
  readonly redrivenAt?: Date;
}

/**
 * Redrives the newest execution of a source's pipelines when it failed, timed out or was aborted
 * (RedriveExecution). Step Functions redrives a Standard execution that did not succeed in the
 * last 14 days from its unsuccessful step, with the same input and execution ARN; its successful
 * steps are not run again, and of a Map only the failed or aborted iterations are (a Distributed
 * Map's failed Map Run is redriven through its parent) ("RedriveExecution", Step Functions API
 * Reference). So the tables a run already committed are not redone. Only the newest execution is
 * redriven: an older failure was superseded by the run after it (whose commit a redrive of the
 * older one could only refuse as stale).
 *
 * @param pipeline one pipeline; @default - each pipeline the source has (see `sourcePipelines`)
 * @throws CliUsageError when the config has no such source or the source no such pipeline
 * @throws NothingToRedriveError when no newest execution is unsuccessful, or Step Functions says
 *   it is not redrivable (DescribeExecution's `redriveStatus`; e.g. older than 14 days)
 * @example
 * ```ts
 * await redriveSource(config, 'service', new PipelineExecutions(new SFNClient({})));
 * // [{ pipeline: 'snapshot', name: '20261123T030005Z', status: 'FAILED', … }]
 * ```
 */
export async function redriveSource(
  config: DataLakeConfig,
  sourceName: string,
  executions: PipelineExecutions,
  pipeline?: PipelineKind,
): Promise<Redriven[]> {
  const source = config.sources.find((candidate) => candidate.name === sourceName);
  if (source === undefined) {
    const names = config.sources.map((candidate) => candidate.name).join(', ') || '(none)';
    throw new CliUsageError(`No source "${sourceName}" in the config; its sources: ${names}`);
  }
  const pipelines = sourcePipelines(source, config.pools);
  if (pipeline !== undefined && !pipelines.includes(pipeline)) {
    throw new CliUsageError(
      `Source "${sourceName}" has no ${pipeline} pipeline; it has: ${pipelines.join(', ') || '(none)'}`,
    );
  }
  const arns = await executions.stateMachineArns();
  const redriven: Redriven[] = [];
  const reasons: string[] = [];
  for (const kind of pipeline === undefined ? pipelines : [pipeline]) {
    const stateMachine = stateMachineName(config.name, source.name, kind);
    const arn = arns.get(stateMachine);
    if (arn === undefined) {
      reasons.push(`${stateMachine} is not deployed`);
      continue;
    }
    const [latest] = await executions.recent(arn, 1);
    if (latest === undefined || !REDRIVABLE_STATUSES.has(latest.status)) {
      reasons.push(
        latest === undefined
          ? `${stateMachine} has never run`
          : `the newest execution of ${stateMachine}, ${latest.name}, is ${latest.status}`,
      );
      continue;
    }
    const failure = await executions.failure(latest.executionArn);
    if (failure.redriveStatus === 'NOT_REDRIVABLE') {
      reasons.push(
        `${stateMachine} execution ${latest.name} (${latest.status}) cannot be redriven: ${failure.redriveStatusReason ?? 'Step Functions gives no reason'}`,
      );
      continue;
    }
    if (failure.error === TABLES_FAILED_ERROR) {
      // Every other table was committed; the failed ones were caught, so only the final state failed.
      reasons.push(
        `${stateMachine} execution ${latest.name} ended with tables failed and every other table committed (${failure.cause ?? 'no cause given'}); a redrive would rerun only its last state: fix the failed tables' causes and start a new run`,
      );
      continue;
    }
    const redrivenAt = await executions.redrive(latest.executionArn);
    redriven.push({
      pipeline: kind,
      stateMachine,
      executionArn: latest.executionArn,
      name: latest.name,
      status: latest.status,
      failure: [failure.error, failure.cause].filter((part) => part !== undefined && part !== '').join(': '),
      ...(redrivenAt === undefined ? {} : { redrivenAt }),
    });
  }
  if (redriven.length === 0) {
    throw new NothingToRedriveError(
      sourceName,
      `Nothing to redrive for source "${sourceName}": ${reasons.join('; ')}`,
    );
  }
  return redriven;
}
