/**
 * The Step Functions console's Execution Details page of an execution: its events, the failed
 * state's input and error, and Redrive ("Viewing execution details in the Step Functions console",
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-view-execution-details.html). The
 * region is the execution ARN's own.
 *
 * @example
 * ```ts
 * executionConsoleUrl('arn:aws:states:eu-west-1:123456789012:execution:marketplace-service-snapshot:e-1');
 * // 'https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:marketplace-service-snapshot:e-1'
 * ```
 */
export function executionConsoleUrl(executionArn: string): string {
  const region = executionArn.split(':')[3] ?? '';
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}
