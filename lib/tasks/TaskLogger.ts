import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * Where a task writes its structured log lines (and the EMF metrics inside them): Powertools'
 * `Logger`, with the function's service name on Lambda and quiet in local mode.
 */
export type TaskLogger = Pick<Logger, 'info' | 'warn' | 'error'>;
