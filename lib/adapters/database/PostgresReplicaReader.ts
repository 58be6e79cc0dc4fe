import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, Pool, type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ReplicaSessionError } from '../../core/errors';
import { DEFAULT_REPLICA_TIMEOUTS, type ReplicaTimeouts, type SourceQuery } from '../../core/extract';
import { SOURCE_COLUMNS_SQL, sourceColumnFromRow } from '../../core/types';
import { withDeadline } from '../../core/withDeadline';
import { csvColumnHasher } from './csvColumnHasher';
import { csvRecordAligner } from './csvRecordAligner';
import { queryMaskKey } from './queryMaskKey';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import type { CopyToCsvOptions, ReplicaReader, SourceColumn, TextRow } from './ReplicaReader';
import { replicaSessionError } from './replicaSessionError';
import { replicaStatementWatch } from './replicaStatementWatch';

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

/** Whether the server ended the session (FATAL/PANIC: terminated, shut down), not only the statement. */
function endsSession(error: unknown): boolean {
  const severity = typeof error === 'object' && error !== null ? Reflect.get(error, 'severity') : undefined;
  return severity === 'FATAL' || severity === 'PANIC';
}

/**
 * {@link ReplicaReader} on PostgreSQL with a pg pool of `poolSize` sessions. Chunks stream out
 * with `COPY (SELECT …) TO STDOUT (FORMAT csv)` (pg-copy-streams): the server formats every value
 * as text, and the bytes go to the target unchanged, re-cut into whole records ({@link csvRecordAligner}).
 *
 * Every statement is bounded by the endpoint's timeouts: opening a session by `connectSeconds`
 * (pg's connection timeout, which also covers a server that accepts TCP and never answers), a
 * statement by `statementSeconds`, a chunk's stream going silent by `idleSeconds`; a session
 * that dies mid-statement (`pg_terminate_backend`, a restart, a cut connection) fails the
 * statement. Each is a ReplicaSessionError naming the host, and the session is destroyed. A
 * session that dies while idle in the pool is dropped by it (pg reports it as the pool's
 * 'error', which would otherwise crash the process).
 *
 * @example
 * ```ts
 * const reader = new PostgresReplicaReader({ engine: 'postgres', host, port: 5432, database: 'payments', user, password, tls: true, poolSize: 2 });
 * ```
 */
export class PostgresReplicaReader implements ReplicaReader {
  public readonly engine = 'postgres' as const;
  private readonly pool: Pool;
  private readonly timeouts: ReplicaTimeouts;

  public constructor(private readonly endpoint: ReplicaEndpoint) {
    this.timeouts = endpoint.timeouts ?? DEFAULT_REPLICA_TIMEOUTS;
    this.pool = new Pool({
      host: endpoint.host,
      port: endpoint.port,
      database: endpoint.database,
      user: endpoint.user,
      password: endpoint.password,
      max: endpoint.poolSize ?? 1,
      application_name: endpoint.applicationName ?? 'datalake-extract',
      options: SESSION_OPTIONS,
      connectionTimeoutMillis: this.timeouts.connectSeconds * 1000,
      // pg checks the certificate's name against `host` (as SNI for a DNS name) by default.
      ssl: endpoint.tls ? { rejectUnauthorized: true } : false,
      // Metadata values stay the server's text, like the chunk rows.
      types: { getTypeParser: () => (value: string) => value },
    });
    this.pool.on('error', () => undefined);
  }

  public async query(query: SourceQuery): Promise<TextRow[]> {
    const client = await this.acquire();
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
    };
    client.on('error', onLost);
    let broken: Error | undefined;
    try {
      const result = await withDeadline(
        client.query<TextRow>(query.sql, [...query.params]),
        this.timeouts.statementSeconds * 1000,
        () => replicaSessionError(this.endpoint, 'statement-timeout'),
      );
      return result.rows;
    } catch (error) {
      // A statement's own error (bad SQL, a missing table) leaves the session usable.
      if (error instanceof ReplicaSessionError) broken = error;
      else if (lost !== undefined || endsSession(error))
        broken = replicaSessionError(this.endpoint, 'lost', error);
      throw broken ?? error;
    } finally {
      client.removeListener('error', onLost);
      this.release(client, broken);
    }
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

  public async copyToCsv(
    query: SourceQuery,
    target: Writable,
    options: CopyToCsvOptions = {},
  ): Promise<number> {
    const { signal } = options;
    const key = queryMaskKey(query, options.maskKey);
    const client = await this.acquire();
    const watch = replicaStatementWatch(this.endpoint, this.timeouts);
    // pg reports a dead session on the client (an 'error' nobody listens to while it is checked
    // out, which would crash the process) as well as, or instead of, on the COPY stream.
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = replicaSessionError(this.endpoint, 'lost', error);
      watch.destroy(lost);
    };
    client.on('error', onLost);
    let failure: Error | undefined;
    try {
      const rows = client.query(copyTo(`COPY (${query.sql}) TO STDOUT WITH (FORMAT csv)`));
      // Hashing needs whole records: after the aligner.
      const hashing = key === undefined ? [] : [csvColumnHasher(query.hmacColumns ?? [], key)];
      await pipeline(
        rows,
        watch,
        csvRecordAligner(),
        ...hashing,
        target,
        ...(signal === undefined ? [] : [{ signal }]),
      );
      return Number(rows.rowCount);
    } catch (error) {
      failure =
        lost ??
        (endsSession(error)
          ? replicaSessionError(this.endpoint, 'lost', error)
          : error instanceof Error
            ? error
            : new Error(String(error)));
      throw failure;
    } finally {
      client.removeListener('error', onLost);
      this.release(client, failure);
    }
  }

  public async close(): Promise<void> {
    await this.pool.end();
  }

  /** A pooled session, its opening failures named after the replica. */
  private async acquire(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw replicaSessionError(this.endpoint, 'connect', error);
    }
  }

  /**
   * Back to the pool, or, after a failure, closed at once: pg's own close waits for the server to
   * close its side, which a silent or dead server never does (the socket would keep the process alive).
   */
  private release(client: PoolClient, failure: Error | undefined): void {
    if (failure !== undefined && client instanceof Client) client.connection.stream.destroy();
    client.release(failure);
  }
}
