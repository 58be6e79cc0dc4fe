import type { ReplicaTimeouts } from '../../core/extract';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import { replicaSessionError } from './replicaSessionError';
import { StatementWatch } from './StatementWatch';

/**
 * The {@link StatementWatch} of one replica statement: the endpoint's statement and idle
 * timeouts, failing with a `ReplicaSessionError` naming the endpoint and the timeout that ran out.
 *
 * @example
 * ```ts
 * await pipeline(rows, replicaStatementWatch(endpoint, timeouts), encoder, target);
 * ```
 */
export function replicaStatementWatch(endpoint: ReplicaEndpoint, timeouts: ReplicaTimeouts): StatementWatch {
  return new StatementWatch({
    statementMs: timeouts.statementSeconds * 1000,
    idleMs: timeouts.idleSeconds * 1000,
    statementError: () => replicaSessionError(endpoint, 'statement-timeout'),
    idleError: () => replicaSessionError(endpoint, 'idle-timeout'),
  });
}
