import type { DataLakeConfig, SourceConfig } from '../config';
import { type RunFailure, tableFailures } from '../core/alerts';
import { type PipelineKind, stateMachineName } from '../core/naming';
import type { LocalExecutionEvent } from './runStateMachine';

/**
 * Collects the causes a local execution's Fail states, and the Pass states a failed table's branch
 * ends in (`tableFailed`), enter with (`$.failure.cause` of their input): what a deployed run's
 * `FailStateEntered` and `PassStateEntered` history events hold, read by `readFailedExecution`.
 *
 * @example
 * ```ts
 * const failCauses = failCauseRecorder();
 * await runStateMachine(stateMachine, input, { ...tasks, onEvent: failCauses.onEvent });
 * failCauses.causes; // ['Table marketplace.users failed with TransformError: …']
 * ```
 */
export function failCauseRecorder(): {
  readonly onEvent: (event: LocalExecutionEvent) => void;
  readonly causes: readonly string[];
} {
  const causes: string[] = [];
  const onEvent = (event: LocalExecutionEvent) => {
    if (event.type !== 'StateEntered' || (event.state.type !== 'Fail' && event.state.type !== 'Pass')) return;
    const { input } = event.state;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return;
    const failure = input.failure;
    if (typeof failure !== 'object' || failure === null || Array.isArray(failure)) return;
    if (typeof failure.cause === 'string') causes.push(failure.cause);
  };
  return { onEvent, causes };
}

/** What {@link localRunFailure} words. */
export interface LocalRunFailureContext {
  readonly config: DataLakeConfig;
  readonly source: SourceConfig;
  readonly pipeline: PipelineKind;
  readonly runId: string;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly lakeDir: string;
  /** The local execution's error and cause. */
  readonly error: string;
  readonly cause: string;
  /** The causes its Fail states entered with ({@link failCauseRecorder}). */
  readonly failCauses: readonly string[];
}

/**
 * A failed local run as the alert topic would be told of it (`runFailureMessage`): the same lake,
 * source, pipeline, state machine, error and failed tables as a deployed run's, the run id as the
 * execution, and the local command that lists the run in place of the console link.
 *
 * @example
 * ```ts
 * throw new PipelineRunFailedError(localRunFailure({ config, source, pipeline: 'snapshot', runId, startedAt, lakeDir, ...result, failCauses: failCauses.causes }));
 * ```
 */
export function localRunFailure(context: LocalRunFailureContext): RunFailure {
  const { config, source, pipeline } = context;
  return {
    lake: config.name,
    source: source.name,
    pipeline,
    stateMachine: stateMachineName(config.name, source.name, pipeline),
    execution: context.runId,
    status: 'FAILED',
    startedAt: context.startedAt,
    error: context.error,
    cause: context.cause,
    failedTables: tableFailures(source.name, [...context.failCauses, context.cause]),
    link: `datalake status --local --lake-dir ${context.lakeDir}`,
  };
}
