export type { FailureMessage, FailureQueue } from './FailureQueue';
export { FileFailureQueue } from './FileFailureQueue';
export { SqsFailureQueue, type SqsFailureQueueOptions } from './SqsFailureQueue';
