import { Client, types } from 'pg';
import { quoteSourceIdentifier } from '../../core/extract';
import { SOURCE_COLUMNS_SQL, SOURCE_TABLES_SQL, type SourceColumnRow } from '../../core/types';
import { exportColumnFromRow } from './exportColumn';
import type { SourceReader } from './SourceReader';

/** Rows fetched from the cursor per batch. */
const BATCH_ROWS = 5000;

/** bytea arrives as a Buffer; everything else stays PostgreSQL's own text, exactly as the server prints it. */
function rawText(oid: number): (value: string) => unknown {
  return oid === types.builtins.BYTEA ? types.getTypeParser(oid, 'text') : (value: string) => value;
}

/**
 * A {@link SourceReader} over PostgreSQL (pg), with the session in UTC (timestamptz prints with
 * `+00`) and PostgreSQL's default interval style. Rows are read through a cursor in batches.
 */
export async function postgresSourceReader(url: string): Promise<SourceReader> {
  const client = new Client({
    connectionString: url,
    options: '-c TimeZone=UTC',
    types: { getTypeParser: (oid: number) => rawText(oid) },
  });
  await client.connect();
  return {
    async tables() {
      const { rows } = await client.query<{ schema: string; name: string }>(SOURCE_TABLES_SQL.postgres);
      return rows.map((row) => ({ schema: row.schema, table: row.name }));
    },

    async columns(schema, table) {
      const { rows } = await client.query<SourceColumnRow>(SOURCE_COLUMNS_SQL.postgres, [schema, table]);
      return rows.map((row) => exportColumnFromRow('postgres', row));
    },

    async *rows(schema, table, columns) {
      const select = columns
        .filter((column) => column.exported)
        .map((column) => quoteSourceIdentifier('postgres', column.name))
        .join(', ');
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(
          `DECLARE export_rows NO SCROLL CURSOR FOR SELECT ${select} FROM ${quoteSourceIdentifier('postgres', schema)}.${quoteSourceIdentifier('postgres', table)}`,
        );
        for (;;) {
          const { rows } = await client.query<(string | Buffer | null)[]>({
            text: `FETCH ${BATCH_ROWS} FROM export_rows`,
            rowMode: 'array',
          });
          if (rows.length === 0) break;
          yield rows;
        }
      } finally {
        await client.query('COMMIT');
      }
    },
    async close() {
      await client.end();
    },
  };
}
