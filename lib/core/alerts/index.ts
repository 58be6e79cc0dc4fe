export { executionConsoleUrl } from './executionConsoleUrl';
export { parseTableFailure, tableFailures } from './parseTableFailure';
export { pipelineOfStateMachine } from './pipelineOfStateMachine';
export type { FailedTable, RunFailure, RunFailureStatus } from './RunFailure';
export {
  MAX_CAUSE_LENGTH,
  MAX_LISTED_TABLES,
  MAX_SUBJECT_LENGTH,
  type RunFailureMessage,
  runFailureMessage,
} from './runFailureMessage';
