/** Share of a Lambda's memory given to DuckDB's buffer manager; the rest is Node, the SDK and DuckDB's own overhead. */
const DUCKDB_SHARE = 0.6;

/**
 * DuckDB's `memory_limit` for a Lambda of `memorySizeMb` (the function's configured memory,
 * `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`): 60% of it, so Node's heap, the S3 client's buffers and the
 * allocations DuckDB makes outside its limit fit in the rest.
 *
 * @example
 * ```ts
 * memoryLimitForLambda(1024); // '614MB'
 * ```
 */
export function memoryLimitForLambda(memorySizeMb: number): string {
  return `${Math.floor(memorySizeMb * DUCKDB_SHARE)}MB`;
}
