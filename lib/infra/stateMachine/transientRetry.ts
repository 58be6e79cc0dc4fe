import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Errors of a Lambda task that say nothing about the input: the Lambda service failed,
 * throttled or timed out. Retried; every other error (a handler's own) is not.
 */
export const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'States.Timeout',
] as const;

/**
 * Errors of an RDS or Step Functions SDK task worth retrying: throttling and the SDK's
 * transport failures. Names are `<Service>.<Exception>` as Step Functions reports them.
 */
export const TRANSIENT_SDK_ERRORS = [
  'Rds.ThrottlingException',
  'Rds.SdkClientException',
  'Sfn.ThrottlingException',
  'Sfn.SdkClientException',
  'States.Timeout',
] as const;

/**
 * A retry policy for transient errors: exponential backoff (rate 2) from 2 s, capped
 * at 60 s per wait, full jitter so parallel branches that failed together do not retry
 * together, 6 attempts.
 *
 * @param errors the error names to retry
 */
export function transientRetry(errors: readonly string[]): sfn.RetryProps {
  return {
    errors: [...errors],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    maxAttempts: 6,
    jitterStrategy: sfn.JitterType.FULL,
  };
}
