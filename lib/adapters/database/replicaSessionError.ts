import { ReplicaSessionError, type ReplicaSessionFailure } from '../../core/errors';
import { DEFAULT_REPLICA_TIMEOUTS } from '../../core/extract';
import type { ReplicaEndpoint } from './ReplicaEndpoint';

/**
 * The {@link ReplicaSessionError} of a session on `endpoint`: the driver's message (`cause`) with
 * the replica's host and port, and for a timeout the setting that ran out, so the operator knows
 * which replica failed and what to raise.
 *
 * @example
 * ```ts
 * throw replicaSessionError(endpoint, 'idle-timeout'); // Replica session on r1.example:3306 went silent: the server sent nothing for 120 s (timeouts.idleSeconds)
 * ```
 */
export function replicaSessionError(
  endpoint: ReplicaEndpoint,
  failure: ReplicaSessionFailure,
  cause?: unknown,
): ReplicaSessionError {
  const { connectSeconds, statementSeconds, idleSeconds } = endpoint.timeouts ?? DEFAULT_REPLICA_TIMEOUTS;
  const detail = cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause);
  const reasons: Record<ReplicaSessionFailure, string> = {
    connect: `${detail ?? 'no answer'} (timeouts.connectSeconds: ${connectSeconds})`,
    'statement-timeout': `the statement ran past ${statementSeconds} s (timeouts.statementSeconds)`,
    'idle-timeout': `the server sent nothing for ${idleSeconds} s (timeouts.idleSeconds)`,
    lost: detail ?? 'the connection closed',
  };
  return new ReplicaSessionError(
    { host: endpoint.host, port: endpoint.port, failure, reason: reasons[failure] },
    cause === undefined ? undefined : { cause },
  );
}
