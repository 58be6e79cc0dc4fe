/**
 * The Lambda limits the extract bench relies on, from the AWS Lambda Developer Guide:
 * - "Lambda quotas" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
 *   "Function timeout: 900 seconds (15 minutes)"; "Invocation payload (request and response):
 *   6 MB (synchronous)", where MB means 1,024 KB; "Execution processes/threads: 1,024" (the bench
 *   function starts a child process per measurement);
 * - "Configure Lambda function memory" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html):
 *   "You can configure memory between 128 MB and 10,240 MB in 1-MB increments. At 1,769 MB, a
 *   function has the equivalent of one vCPU (one vCPU-second of credits per second)", CPU power
 *   being allocated "in proportion to the amount of memory configured"; at the 10,240 MB maximum a
 *   function has up to 6 vCPUs ("New for AWS Lambda – Functions with Up to 10 GB of Memory and
 *   6 vCPUs", AWS News Blog);
 * - "EphemeralStorage" (Lambda API reference, https://docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html):
 *   "The size of the function's /tmp directory in MB. The default value is 512, but can be any
 *   whole number between 512 and 10,240 MB" (the bench keeps the chunk's CSV spill and Parquet there).
 */
export const LAMBDA_QUOTAS = {
  maxTimeoutSeconds: 900,
  syncPayloadBytes: 6 * 1024 * 1024,
  memoryMb: { min: 128, max: 10_240 },
  mbPerVcpu: 1_769,
  tmpMb: { min: 512, max: 10_240 },
} as const;
