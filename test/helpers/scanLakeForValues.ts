import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';

/** A source value found in a lake file. */
export interface LeakFinding {
  /** The file, relative to the lake directory. */
  readonly file: string;
  readonly value: string;
  /** How it was read: the file's bytes (gunzipped if gzip), a Parquet file's values, or its statistics and metadata, or a DuckDB file's tables. */
  readonly where: 'bytes' | 'parquet values' | 'parquet metadata' | 'duckdb tables';
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Every file of a lake directory but those `skip` names, scanned for each of `values` as a
 * substring, so a leak shows however the file holds it: its bytes (gzip decompressed) as UTF-8;
 * for a Parquet file also every value DuckDB decodes (compressed and dictionary-encoded pages
 * included) and its footer — column statistics (min/max), key-value metadata and schema; for a
 * DuckDB database file (the local catalog) every row of its tables.
 *
 * @param skip relative paths to leave out, e.g. the raw bucket, where unmasked data is allowed
 */
export async function scanLakeForValues(
  lakeDir: string,
  values: readonly string[],
  skip: (file: string) => boolean,
): Promise<LeakFinding[]> {
  const findings: LeakFinding[] = [];
  const look = (file: string, where: LeakFinding['where'], text: string) => {
    for (const value of values) if (text.includes(value)) findings.push({ file, value, where });
  };
  const duckdb = await openDuckdb({ threads: 1 });
  try {
    await withConnection(duckdb, async (connection) => {
      for (const path of await filesUnder(lakeDir)) {
        const file = relative(lakeDir, path);
        if (skip(file)) continue;
        const bytes = await readFile(path);
        look(file, 'bytes', (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8'));
        const literal = `'${path.replaceAll("'", "''")}'`;
        if (file.endsWith('.parquet')) {
          look(
            file,
            'parquet values',
            JSON.stringify(await queryRows(connection, `SELECT * FROM read_parquet(${literal})`)),
          );
          const footer = await Promise.all(
            ['parquet_metadata', 'parquet_kv_metadata', 'parquet_schema'].map((fn) =>
              queryRows(connection, `SELECT * FROM ${fn}(${literal})`),
            ),
          );
          look(file, 'parquet metadata', JSON.stringify(footer));
        }
        if (file.endsWith('.duckdb')) {
          await connection.run(`ATTACH ${literal} AS scanned (READ_ONLY)`);
          try {
            const tables = await queryRows(
              connection,
              "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'scanned'",
            );
            for (const { schema_name, table_name } of tables) {
              const rows = await queryRows(
                connection,
                `SELECT * FROM scanned."${schema_name}"."${table_name}"`,
              );
              look(file, 'duckdb tables', JSON.stringify(rows));
            }
            const views = await queryRows(
              connection,
              "SELECT sql FROM duckdb_views() WHERE database_name = 'scanned'",
            );
            look(file, 'duckdb tables', JSON.stringify(views));
          } finally {
            await connection.run('DETACH scanned');
          }
        }
      }
    });
  } finally {
    duckdb.closeSync();
  }
  return findings;
}
