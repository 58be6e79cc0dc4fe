import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { SourceQuery } from '../../core/extract';
import { SOURCE_COLUMNS_SQL, sourceColumnFromRow } from '../../core/types';
import { csvRecordAligner } from './csvRecordAligner';
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

const PRIMARY_KEY_SQL = `SELECT a.attname AS name
  FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
  WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary
  ORDER BY array_position(i.indkey::int2[], a.attnum)`;

/**
 * {@link ReplicaReader} on PostgreSQL with a pg pool of `poolSize` sessions. Chunks stream out
 * with `COPY (SELECT …) TO STDOUT (FORMAT csv)` (pg-copy-streams): the server formats every value
 * as text, and the bytes go to the target unchanged, re-cut into whole records ({@link csvRecordAligner}).
 *
 * @example
 * ```ts
 * const reader = new PostgresReplicaReader({ engine: 'postgres', host, port: 5432, database: 'payments', user, password, tls: true, poolSize: 2 });
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
      // pg checks the certificate's name against `host` (as SNI for a DNS name) by default.
      ssl: endpoint.tls ? { rejectUnauthorized: true } : false,
      // Metadata values stay the server's text, like the chunk rows.
      types: { getTypeParser: () => (value: string) => value },
    });
  }

  public async query(query: SourceQuery): Promise<TextRow[]> {
    const result = await this.pool.query<TextRow>(query.sql, [...query.params]);
    return result.rows;
  }

  public async columns(schema: string, table: string): Promise<SourceColumn[]> {
    const rows = await this.query({ sql: SOURCE_COLUMNS_SQL.postgres, params: [schema, table] });
    return rows.map((row) => {
      const { name, type } = sourceColumnFromRow('postgres', row);
      return { name, type };
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
      await pipeline(rows, csvRecordAligner(), target, ...(signal === undefined ? [] : [{ signal }]));
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
