import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { SourceQuery } from '../../core/extract';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import type { ReplicaReader, SourceColumn, TextRow } from './ReplicaReader';

/**
 * Session settings sent at connect time: UTC (timestamptz prints `+00`), ISO dates, ISO 8601
 * intervals (what the type mapping's replica SQL expects), hex bytea, standard strings (the
 * extract's inlined literals rely on it), shortest exact floats and read-only transactions.
 */
const SESSION_OPTIONS = [
  'TimeZone=UTC',
  'DateStyle=ISO,YMD',
  'IntervalStyle=iso_8601',
  'bytea_output=hex',
  'standard_conforming_strings=on',
  'extra_float_digits=1',
  'default_transaction_read_only=on',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');

const COLUMNS_SQL = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS column_type, t.typname AS udt_name,
    (t.typtype = 'e' OR coalesce(e.typtype = 'e', false)) AS is_enum,
    c.numeric_precision AS numeric_precision, c.numeric_scale AS numeric_scale, c.datetime_precision AS datetime_precision
  FROM information_schema.columns c
  JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
   AND a.attname = c.column_name
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typelem <> 0
  WHERE c.table_schema = $1 AND c.table_name = $2
  ORDER BY c.ordinal_position`;

const PRIMARY_KEY_SQL = `SELECT a.attname AS name
  FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
  WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary
  ORDER BY array_position(i.indkey::int2[], a.attnum)`;

const number = (value: string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * {@link ReplicaReader} on PostgreSQL with a pg pool of `poolSize` sessions. Chunks stream out
 * with `COPY (SELECT …) TO STDOUT (FORMAT csv)` (pg-copy-streams): the server formats every value
 * as text, and the bytes go to the target untouched by JS.
 *
 * @example
 * ```ts
 * const reader = new PostgresReplicaReader({ engine: 'postgres', host, port: 5432, database: 'payments', user, password, tls: {}, poolSize: 2 });
 * ```
 */
export class PostgresReplicaReader implements ReplicaReader {
  public readonly engine = 'postgres' as const;
  private readonly pool: Pool;

  public constructor(endpoint: ReplicaEndpoint) {
    this.pool = new Pool({
      host: endpoint.host,
      port: endpoint.port,
      database: endpoint.database,
      user: endpoint.user,
      password: endpoint.password,
      max: endpoint.poolSize ?? 1,
      application_name: endpoint.applicationName ?? 'datalake-extract',
      options: SESSION_OPTIONS,
      ssl: endpoint.tls === false ? false : { ca: endpoint.tls.ca, rejectUnauthorized: true },
      // Metadata values stay the server's text, like the chunk rows.
      types: { getTypeParser: () => (value: string) => value },
    });
  }

  public async query(query: SourceQuery): Promise<TextRow[]> {
    const result = await this.pool.query<TextRow>(query.sql, [...query.params]);
    return result.rows;
  }

  public async columns(schema: string, table: string): Promise<SourceColumn[]> {
    const rows = await this.query({ sql: COLUMNS_SQL, params: [schema, table] });
    return rows.map((row) => {
      const name = row.name ?? '';
      return {
        name,
        type: {
          engine: 'postgres',
          column: name,
          dataType: row.udt_name ?? '',
          columnType: row.column_type ?? undefined,
          numericPrecision: number(row.numeric_precision),
          numericScale: number(row.numeric_scale),
          datetimePrecision: number(row.datetime_precision),
          userDefinedEnum: row.is_enum === 't',
        },
      };
    });
  }

  public async primaryKey(schema: string, table: string): Promise<string[]> {
    const rows = await this.query({ sql: PRIMARY_KEY_SQL, params: [schema, table] });
    return rows.map((row) => row.name ?? '');
  }

  public async copyToCsv(query: SourceQuery, target: Writable, signal?: AbortSignal): Promise<number> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      const rows = client.query(copyTo(`COPY (${query.sql}) TO STDOUT WITH (FORMAT csv)`));
      await pipeline(rows, target, ...(signal === undefined ? [] : [{ signal }]));
      return Number(rows.rowCount);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // Passing the error destroys the session: a broken COPY must not go back to the pool.
      client.release(failure);
    }
  }

  public async close(): Promise<void> {
    await this.pool.end();
  }
}
