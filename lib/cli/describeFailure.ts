import { runFailureMessage } from '../core/alerts';
import {
  ConfigError,
  DataLakeError,
  LocalRunFailedError,
  PipelineRunFailedError,
  QueryFailedError,
} from '../core/errors';

/**
 * The one line (or, for a config with several problems, one line per problem) the CLI prints
 * for a failure: what failed and what to do. Stack traces only with `verbose`. A failed local
 * run leads with its first error, then names the run and any error of the cleanup after it; a
 * pipeline run that failed is told with the failure message the alert topic would get
 * (`runFailureMessage`: subject, then body).
 *
 * @example
 * ```ts
 * describeFailure(new QueryFailedError({ queryExecutionId: 'q-1', state: 'FAILED', reason: 'TABLE_NOT_FOUND' }), false);
 * // 'error: query q-1 FAILED: TABLE_NOT_FOUND'
 * ```
 */
export function describeFailure(error: unknown, verbose: boolean): string {
  if (error instanceof LocalRunFailedError) {
    // The run's first error leads; what failed while cleaning up after it only follows.
    const cleanup = error.cleanupErrors.map(
      (cleanupError) => `\n  then, while cleaning up: ${cleanupError.message.split('\n')[0]}`,
    );
    return `${describeFailure(error.cause, verbose)}\n  (local run ${error.runId} of source ${error.source}; \`datalake status --local\` lists it)${cleanup.join('')}`;
  }
  const stack = verbose && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  if (error instanceof ConfigError) {
    const where = error.file ? ` ${error.file}` : '';
    const lines = error.issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`);
    return `error: invalid config${where}:\n${lines.join('\n')}${stack}`;
  }
  if (error instanceof PipelineRunFailedError) {
    // The very message the alert topic gets for a deployed run: subject, then body.
    const message = runFailureMessage(error.failure);
    return `error: ${message.subject}\n${message.body.trimEnd()}${stack}`;
  }
  if (error instanceof QueryFailedError) {
    const engine =
      error.queryExecutionId === 'local' ? 'local query' : `Athena query ${error.queryExecutionId}`;
    return `error: ${engine} ${error.state}: ${error.reason}${stack}`;
  }
  if (error instanceof DataLakeError) return `error: ${error.message.split('\n')[0]}${stack}`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `error: ${message}${stack || ' (run with --verbose for the stack trace)'}`;
}
