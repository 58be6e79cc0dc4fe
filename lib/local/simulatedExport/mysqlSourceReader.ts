import mysql, { type FieldPacket, type RowDataPacket } from 'mysql2';
import { mysqlSelectSql, quoteSourceIdentifier } from '../../core/extract';
import { SOURCE_COLUMNS_SQL, SOURCE_TABLES_SQL, type SourceColumnRow } from '../../core/types';
import { exportColumnFromRow } from './exportColumn';
import type { SourceReader } from './SourceReader';

/** Rows handed to DuckDB per batch. */
const BATCH_ROWS = 5000;

/**
 * A {@link SourceReader} over MariaDB/MySQL (mysql2), with the session in UTC so TIMESTAMP
 * columns read as stored. Every value is read as the server's text (or bytes for binary
 * columns) through a typeCast, so BIGINT UNSIGNED, DECIMAL and DATETIME(6) stay exact, and FLOAT
 * is read widened to DOUBLE (`mysqlSelectSql`), as the export writes it, with every bit kept.
 */
export async function mysqlSourceReader(url: string): Promise<SourceReader> {
  const connection = mysql.createConnection({ uri: url, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
  const promise = connection.promise();
  await promise.query("SET time_zone = '+00:00'");
  return {
    async tables() {
      const [rows] = await promise.query<({ schema: string; name: string } & RowDataPacket)[]>(
        SOURCE_TABLES_SQL.mysql,
      );
      return rows.map((row) => ({ schema: String(row.schema), table: String(row.name) }));
    },

    async columns(schema, table) {
      const [rows] = await promise.query<(SourceColumnRow & RowDataPacket)[]>(SOURCE_COLUMNS_SQL.mysql, [
        schema,
        table,
      ]);
      return rows.map((row) => exportColumnFromRow('mysql', row));
    },

    async *rows(schema, table, columns) {
      const binary = new Set(columns.filter((column) => column.binary).map((column) => column.name));
      const select = columns
        .map((column) => mysqlSelectSql(quoteSourceIdentifier('mysql', column.name), column.type.dataType))
        .join(', ');
      const stream = connection
        .query({
          sql: `SELECT ${select} FROM ${quoteSourceIdentifier('mysql', schema)}.${quoteSourceIdentifier('mysql', table)}`,
          rowsAsArray: true,
          typeCast: (field) => (binary.has(field.name) ? field.buffer() : field.string()),
        })
        .stream({ highWaterMark: BATCH_ROWS });
      let batch: (string | Buffer | null)[][] = [];
      for await (const row of stream as AsyncIterable<(string | Buffer | null)[] | FieldPacket>) {
        if (!Array.isArray(row)) continue;
        batch.push(row);
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      await promise.end();
    },
  };
}
