import { LAMBDA_QUOTAS } from './LAMBDA_QUOTAS';

/**
 * The CPU time a Lambda of `memorySizeMb` gets, in vCPUs (1.16 at 2,048 MB): Lambda gives CPU in
 * proportion to memory, one vCPU at 1,769 MB ({@link LAMBDA_QUOTAS}). It is the share the
 * function's threads divide, whatever number of cores the sandbox shows.
 *
 * @throws RangeError naming the memory when it is not a whole number of MB Lambda accepts
 * @example
 * ```ts
 * lambdaVcpus(1769); // 1
 * ```
 */
export function lambdaVcpus(memorySizeMb: number): number {
  const { min, max } = LAMBDA_QUOTAS.memoryMb;
  if (!Number.isInteger(memorySizeMb) || memorySizeMb < min || memorySizeMb > max) {
    throw new RangeError(`Lambda memory ${memorySizeMb} MB: allowed a whole number from ${min} to ${max}`);
  }
  return memorySizeMb / LAMBDA_QUOTAS.mbPerVcpu;
}
