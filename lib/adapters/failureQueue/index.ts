export type { FailureMessage, FailureQueue } from './FailureQueue';
export { FileFailureQueue } from './FileFailureQueue';
