import { DuckDBInstance } from '@duckdb/node-api';
import { DataLakeError } from '../core/errors';
import { registerPgArrayJson } from './registerPgArrayJson';

/** Settings of the pipeline's in-process DuckDB. */
export interface OpenDuckdbOptions {
  /**
   * DuckDB's `memory_limit`, e.g. `'512MB'` or `'1.5GB'`. Operators that outgrow it spill to
   * `tempDirectory`, which keeps a transform's memory bounded whatever the part's size.
   *
   * @default - DuckDB's default, 80% of the machine's memory
   */
  readonly memoryLimit?: string;
  /**
   * Where DuckDB spills (`temp_directory`). In a Lambda this must be under `/tmp`.
   *
   * @default - DuckDB's default (`<database>.tmp`, `.tmp` for an in-memory database)
   */
  readonly tempDirectory?: string;
  /**
   * Worker threads (`threads`).
   *
   * @default - one per core
   */
  readonly threads?: number;
  /**
   * Keep row order through parallel operators (`preserve_insertion_order`). Off by default: the
   * curated files need no order, and keeping it makes COPY buffer rows.
   *
   * @default false
   */
  readonly preserveInsertionOrder?: boolean;
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/**
 * Opens the in-memory DuckDB the pipeline runs its SQL on: the one place that creates a DuckDB
 * instance. The type mapping's SQL does not depend on the session's TimeZone, so none is set. The
 * functions that SQL calls beyond DuckDB's own (`pg_array_json`) are registered here, so every
 * connection of the instance has them.
 *
 * @throws DataLakeError naming the option for a malformed memory limit or thread count
 * @example
 * ```ts
 * const duckdb = await openDuckdb({ memoryLimit: '512MB', tempDirectory: '/tmp/duckdb', threads: 1 });
 * const connection = await duckdb.connect();
 * ```
 */
export async function openDuckdb(options: OpenDuckdbOptions = {}): Promise<DuckDBInstance> {
  const settings: Record<string, string> = {
    preserve_insertion_order: String(options.preserveInsertionOrder ?? false),
  };
  if (options.memoryLimit !== undefined) {
    if (!MEMORY_LIMIT.test(options.memoryLimit)) {
      throw new DataLakeError(
        `Invalid DuckDB memoryLimit: received "${options.memoryLimit}"; allowed: a size such as 512MB or 1.5GB`,
      );
    }
    settings.memory_limit = options.memoryLimit;
  }
  if (options.tempDirectory !== undefined) settings.temp_directory = options.tempDirectory;
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new DataLakeError(
        `Invalid DuckDB threads: received ${options.threads}; allowed: an integer of at least 1`,
      );
    }
    settings.threads = String(options.threads);
  }
  const duckdb = await DuckDBInstance.create(':memory:', settings);
  const connection = await duckdb.connect();
  try {
    registerPgArrayJson(connection);
  } finally {
    connection.closeSync();
  }
  return duckdb;
}
