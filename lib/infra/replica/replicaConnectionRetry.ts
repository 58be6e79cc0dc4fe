import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Errors of a replica step worth retrying: a chunk whose read failed (`ExtractError`, e.g. a
 * dropped connection mid-stream), a replica session of the lag check or the plan that could not
 * be opened, ran out of time or died (`ReplicaSessionError`), an unreachable replica, and the
 * drivers' own connection errors, which reach Step Functions as plain `Error`.
 */
export const REPLICA_CONNECTION_ERRORS = [
  'ExtractError',
  'ReplicaSessionError',
  'SourceUnreachableError',
  'Error',
] as const;

/**
 * A retry policy for replica connection failures: backoff rate 2 from 5 s, capped at 60 s per
 * wait, full jitter so the chunks of a pool that failed together do not reconnect together,
 * 4 attempts.
 *
 * @param errors the error names to retry
 */
export function replicaConnectionRetry(errors: readonly string[]): sfn.RetryProps {
  return {
    errors: [...errors],
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    maxAttempts: 4,
    jitterStrategy: sfn.JitterType.FULL,
  };
}
