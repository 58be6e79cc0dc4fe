import { EnvironmentError } from '../core/errors';

/**
 * The value of a required environment variable of a Lambda or script.
 *
 * @throws EnvironmentError naming the variable when it is unset or empty
 * @example
 * ```ts
 * const curatedBucket = requiredEnv('CURATED_BUCKET');
 * ```
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new EnvironmentError(name, 'is not set; allowed: a non-empty value');
  }
  return value;
}

/**
 * A positive integer environment variable, or `fallback` when it is unset.
 *
 * @throws EnvironmentError naming the variable and the value when it is not a positive integer
 * @example
 * ```ts
 * const memorySizeMb = positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024);
 * ```
 */
export function positiveIntegerEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new EnvironmentError(name, `is "${value}"; allowed: a positive integer`);
  }
  return Number(value);
}
