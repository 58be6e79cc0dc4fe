import { availableParallelism } from 'node:os';
import * as z from 'zod';
import { databaseCredentials } from '../../../lib/adapters/database';
import type { SecretReader } from '../../../lib/adapters/secrets';
import { memoryLimitForLambda } from '../../../lib/duckdb/memoryLimitForLambda';
import type { ReplicaConnection } from '../../../lib/tasks/replicaConnectionSettings';
import { EXTRACT_BENCH_MIN_ROWS } from '../../../scripts/bench/extractBenchTable';
import type { ExtractMeasurement } from '../../../scripts/bench/measureExtract';
import type { MeasureInChild } from './measurementChild';

/** What the check asks the bench function: the bench table the seed wrote and its row count. */
export const extractBenchEventSchema = z.strictObject({
  table: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'allowed: a lower-case SQL identifier'),
  rows: z.int().min(EXTRACT_BENCH_MIN_ROWS),
});

/** The event of {@link extractBenchTask}. */
export type ExtractBenchEvent = z.infer<typeof extractBenchEventSchema>;

/** What {@link extractBenchTask} runs with. */
export interface ExtractBenchDeps {
  /** Reads the read-only login (`connection.credentialsSecretArn`). */
  readonly secrets: SecretReader;
  /** How the extract reaches the replica, from the same settings (`replicaConnection`). */
  readonly connection: ReplicaConnection;
  /** The replica's host. */
  readonly host: string;
  /** TLS as the extract uses it (`true` on AWS); the local test servers have none. */
  readonly tls: boolean;
  /** The function's memory (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`): DuckDB's limit follows it as in the extract. */
  readonly memorySizeMb: number;
  /** Runs one side of the bench in a process of its own. */
  readonly measure: MeasureInChild;
}

/** What the bench function returns: small (a few hundred bytes), far under Lambda's 6 MB response. */
export interface ExtractBenchResult {
  readonly table: string;
  readonly rows: number;
  readonly memorySizeMb: number;
  /** The cores the function's sandbox shows: DuckDB's default thread count, which the extract keeps. */
  readonly cores: number;
  readonly duckdbMemoryLimit: string;
  readonly driver: ExtractMeasurement;
  readonly extract: ExtractMeasurement;
}

/**
 * The extract bench inside a Lambda (issue 18): the bare driver streaming the bench table's chunk
 * SELECT, then `extractChunk` over the same chunk, each in a child process of its own with the
 * replica login from the credentials secret, as `scripts/bench/extract.ts` measures locally.
 *
 * @example
 * ```ts
 * await extractBenchTask({ table: 'bench_extract_items', rows: 1_000_000 }, deps);
 * ```
 */
export async function extractBenchTask(event: unknown, deps: ExtractBenchDeps): Promise<ExtractBenchResult> {
  const { table, rows } = extractBenchEventSchema.parse(event);
  const { connection } = deps;
  const { username: user, password } = await databaseCredentials(
    deps.secrets,
    connection.credentialsSecretArn,
  );
  const bench = {
    endpoint: {
      engine: connection.engine,
      host: deps.host,
      port: connection.port,
      database: connection.database,
      user,
      password,
      tls: deps.tls,
      timeouts: connection.timeouts,
    },
    table,
    rows,
  };
  const driver = await deps.measure({ mode: 'driver', bench });
  const extract = await deps.measure({ mode: 'extract', bench });
  return {
    table,
    rows,
    memorySizeMb: deps.memorySizeMb,
    cores: availableParallelism(),
    duckdbMemoryLimit: memoryLimitForLambda(deps.memorySizeMb),
    driver,
    extract,
  };
}
