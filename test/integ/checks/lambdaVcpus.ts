/**
 * Lambda's memory range: "You can configure memory between 128 MB and 10,240 MB in 1-MB
 * increments" (AWS Lambda Developer Guide, "Configure Lambda function memory",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;

/**
 * "At 1,769 MB, a function has the equivalent of one vCPU (one vCPU-second of credits per second)"
 * and CPU power is allocated "in proportion to the amount of memory configured" (same page); at
 * the 10,240 MB maximum a function has up to 6 vCPUs ("New for AWS Lambda – Functions with Up to
 * 10 GB of Memory and 6 vCPUs", AWS News Blog).
 */
export const LAMBDA_MB_PER_VCPU = 1_769;

/**
 * The CPU time a Lambda of `memorySizeMb` gets, in vCPUs (1.16 at 2,048 MB): the share its
 * threads divide, whatever number of cores the sandbox shows.
 *
 * @throws RangeError naming the memory when it is not a whole number of MB Lambda accepts
 * @example
 * ```ts
 * lambdaVcpus(1769); // 1
 * ```
 */
export function lambdaVcpus(memorySizeMb: number): number {
  if (
    !Number.isInteger(memorySizeMb) ||
    memorySizeMb < LAMBDA_MEMORY_MB.min ||
    memorySizeMb > LAMBDA_MEMORY_MB.max
  ) {
    throw new RangeError(
      `Lambda memory ${memorySizeMb} MB: allowed a whole number from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max}`,
    );
  }
  return memorySizeMb / LAMBDA_MB_PER_VCPU;
}
