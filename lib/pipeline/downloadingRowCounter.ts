import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ObjectStore } from '../adapters/objectStore';
import { countParquetRows, withConnection } from '../duckdb';
import type { ExportRowCounter } from './ExportRowCounter';

/**
 * An {@link ExportRowCounter} that fetches each part into `tempDirectory` one at a time, reads
 * its row count from the Parquet footer with DuckDB and deletes it. Works on any ObjectStore;
 * it moves every byte of the export once, so keep it for exports a plan step can download.
 *
 * @example
 * ```ts
 * const countRows = downloadingRowCounter(store, duckdb, '/tmp');
 * await countRows('raw', ['exports/exp-1/service/service.users/1/part-00000-….gz.parquet']); // 20
 * ```
 */
export function downloadingRowCounter(
  store: ObjectStore,
  duckdb: DuckDBInstance,
  tempDirectory: string,
): ExportRowCounter {
  return async (bucket, keys) => {
    const directory = await mkdtemp(join(tempDirectory, 'export-rows-'));
    try {
      let rows = 0;
      for (const [index, key] of keys.entries()) {
        const file = join(directory, `part-${index}.parquet`);
        await store.downloadToFile(bucket, key, file);
        rows += await withConnection(duckdb, (connection) => countParquetRows(connection, file));
        await rm(file, { force: true });
      }
      return rows;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  };
}
