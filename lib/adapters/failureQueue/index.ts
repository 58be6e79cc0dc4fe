export type { FailureMessage, FailureQueue } from './FailureQueue';
