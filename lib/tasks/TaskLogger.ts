import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * Where a task writes its structured log lines (its metrics go to a `MetricsPublisher`): Powertools'
 * `Logger`, with the function's service name on Lambda and quiet in local mode.
 */
export type TaskLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * The logger of a task that works on one run's table: it appends the run id, source and table
 * (`appendKeys`) so every line it writes names them.
 */
export type TableTaskLogger = TaskLogger & Pick<Logger, 'appendKeys'>;
