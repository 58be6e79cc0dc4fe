import { Client, types } from 'pg';
import { exportColumn } from './exportColumn';
import type { SourceReader } from './SourceReader';

/** Rows fetched from the cursor per batch. */
const BATCH_ROWS = 5000;

interface ColumnRow {
  readonly name: string;
  readonly column_type: string;
  readonly udt_name: string;
  /** Every value arrives as PostgreSQL's text: `t`/`f`, digits. */
  readonly is_enum: string;
  readonly numeric_precision: string | null;
  readonly numeric_scale: string | null;
  readonly datetime_precision: string | null;
  readonly character_maximum_length: string | null;
}

function pgIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

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
    async columns(schema, table) {
      const { rows } = await client.query<ColumnRow>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS column_type, t.typname AS udt_name,
                (t.typtype = 'e' OR coalesce(e.typtype = 'e', false)) AS is_enum,
                c.numeric_precision::int AS numeric_precision, c.numeric_scale::int AS numeric_scale,
                c.datetime_precision::int AS datetime_precision,
                c.character_maximum_length::int AS character_maximum_length
           FROM information_schema.columns c
           JOIN pg_attribute a
             ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
            AND a.attname = c.column_name
           JOIN pg_type t ON t.oid = a.atttypid
           LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typelem <> 0
          WHERE c.table_schema = $1 AND c.table_name = $2
          ORDER BY c.ordinal_position`,
        [schema, table],
      );
      const number = (value: string | null): number | null => (value === null ? null : Number(value));
      return rows.map((row) =>
        exportColumn(
          row.name,
          {
            engine: 'postgres',
            column: row.name,
            dataType: row.udt_name,
            columnType: row.column_type,
            numericPrecision: number(row.numeric_precision),
            numericScale: number(row.numeric_scale),
            datetimePrecision: number(row.datetime_precision),
            userDefinedEnum: row.is_enum === 't',
          },
          {
            charMaxLength: number(row.character_maximum_length),
            numericPrecision: number(row.numeric_precision),
            dateTimePrecision: number(row.datetime_precision),
          },
        ),
      );
    },
    async *rows(schema, table, columns) {
      const select = columns.map((column) => pgIdentifier(column.name)).join(', ');
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(
          `DECLARE export_rows NO SCROLL CURSOR FOR SELECT ${select} FROM ${pgIdentifier(schema)}.${pgIdentifier(table)}`,
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
