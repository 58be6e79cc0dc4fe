import { type PipelineKind, stateMachineName } from '../naming';

const PIPELINES: readonly PipelineKind[] = ['snapshot', 'replica', 'cdc'];

/**
 * Which of `source`'s pipelines the state machine named `name` runs (see `stateMachineName`);
 * undefined when it is neither.
 *
 * @example
 * ```ts
 * pipelineOfStateMachine('marketplace', 'order_db', 'marketplace-order-db-replica'); // 'replica'
 * ```
 */
export function pipelineOfStateMachine(lake: string, source: string, name: string): PipelineKind | undefined {
  return PIPELINES.find((pipeline) => stateMachineName(lake, source, pipeline) === name);
}
