export type { FailedExecution } from './FailedExecution';
export { readFailedExecution } from './readFailedExecution';
