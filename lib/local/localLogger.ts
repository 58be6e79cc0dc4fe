import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The logger local mode gives the tasks: Powertools' own, silent, since the run shows its
 * progress and summary (with the KPIs the tasks publish as metrics on AWS) itself.
 */
export const LOCAL_TASK_LOGGER = new Logger({ serviceName: 'datalake-local', logLevel: 'SILENT' });
