import { Duplex, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mysql, { type Pool, type PoolConnection, type QueryError, type TypeCast } from 'mysql2';
import { ReplicaSessionError } from '../../core/errors';
import { DEFAULT_REPLICA_TIMEOUTS, type ReplicaTimeouts, type SourceQuery } from '../../core/extract';
import { SOURCE_COLUMNS_SQL, sourceColumnFromRow } from '../../core/types';
import { withDeadline } from '../../core/withDeadline';
import { HmacSha256Batch } from '../../hmac';
import { MysqlCsvStream } from './MysqlCsvStream';
import { queryMaskKey } from './queryMaskKey';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import type { CopyToCsvOptions, ReplicaReader, SourceColumn, TextRow } from './ReplicaReader';
import { replicaSessionError } from './replicaSessionError';
import { replicaStatementWatch } from './replicaStatementWatch';

/** Every value as the server's text: exact BIGINT UNSIGNED, DECIMAL and DATETIME(6), no JS Date or number. */
const asText: TypeCast = (field) => field.string();

/**
 * The session settings of every pooled connection: UTC (TIMESTAMP values print as stored, in
 * UTC), no backslash-free quoting surprises for the driver's escaping, a generous write timeout
 * for a slow consumer, and read-only transactions.
 */
const SESSION_SQL = [
  "SET time_zone = '+00:00', sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', ''), net_write_timeout = 600",
  'SET SESSION TRANSACTION READ ONLY',
];

const PRIMARY_KEY_SQL = `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
  WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`;

/** Whether mysql2 reports the connection itself broken (lost, reset, closed), not the statement. */
function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Partial<QueryError>).fatal === true;
}

/**
 * Closes a broken session at once: mysql2's destroy() only half-closes the socket, which a dead or
 * silent server never finishes, and the open socket would keep the process alive.
 */
function discard(connection: PoolConnection): void {
  connection.destroy();
  socketOf(connection)?.destroy();
}

/** The connection's socket (TCP or TLS), which mysql2 keeps as `stream`. */
function socketOf(connection: PoolConnection): Duplex | undefined {
  const socket: unknown = Reflect.get(connection, 'stream');
  return socket instanceof Duplex ? socket : undefined;
}

/**
 * {@link ReplicaReader} on MySQL/MariaDB with a mysql2 pool of `poolSize` connections. Rows stream
 * from the server (text protocol: the server's text of every value, never a JS number or Date) as
 * their packets' bytes straight into the CSV target, in blocks of whole records ({@link MysqlCsvStream}).
 *
 * Every statement is bounded by the endpoint's timeouts: opening a session by `connectSeconds`
 * (mysql2's handshake timeout), a statement by `statementSeconds`, a chunk's stream going silent
 * by `idleSeconds`; a session that dies mid-statement (KILL, a restart, a cut connection: mysql2
 * reports it only on the connection, never on the row stream, which would wait forever) fails the
 * statement. Each is a ReplicaSessionError naming the host, and the session is destroyed.
 *
 * @example
 * ```ts
 * const reader = new MysqlReplicaReader({ engine: 'mysql', host, port: 3306, database: 'service', user, password, tls: true, poolSize: 2 });
 * ```
 */
export class MysqlReplicaReader implements ReplicaReader {
  public readonly engine = 'mysql' as const;
  private readonly pool: Pool;
  private readonly timeouts: ReplicaTimeouts;

  public constructor(private readonly endpoint: ReplicaEndpoint) {
    this.timeouts = endpoint.timeouts ?? DEFAULT_REPLICA_TIMEOUTS;
    this.pool = mysql.createPool({
      host: endpoint.host,
      port: endpoint.port,
      database: endpoint.database,
      user: endpoint.user,
      password: endpoint.password,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      connectionLimit: endpoint.poolSize ?? 1,
      maxIdle: endpoint.poolSize ?? 1,
      connectTimeout: this.timeouts.connectSeconds * 1000,
      // mysql2 checks the certificate's name against `host` only with verifyIdentity, and only for a
      // DNS name (an IP address is checked as 'localhost', so it fails): RDS endpoints are DNS names.
      ...(endpoint.tls ? { ssl: { rejectUnauthorized: true, verifyIdentity: true } } : {}),
    });
    this.pool.on('connection', (connection) => {
      // A connection that breaks while idle in the pool is dropped by it; one that breaks mid-statement
      // fails that statement (see copyToCsv). Either way its 'error' must not crash the process.
      connection.on('error', () => undefined);
      for (const sql of SESSION_SQL) {
        // A session that cannot be set up must not serve rows in the wrong zone.
        connection.query(sql, (error) => {
          if (error) connection.destroy();
        });
      }
    });
  }

  public async query(query: SourceQuery): Promise<TextRow[]> {
    const connection = await this.acquire();
    let broken = true;
    try {
      const rows = await withDeadline(
        new Promise<TextRow[]>((resolve, reject) =>
          connection.query(
            { sql: query.sql, values: [...query.params], typeCast: asText },
            (error, result) => (error ? reject(error) : resolve(result as TextRow[])),
          ),
        ),
        this.timeouts.statementSeconds * 1000,
        () => replicaSessionError(this.endpoint, 'statement-timeout'),
      );
      broken = false;
      return rows;
    } catch (error) {
      // A statement's own error (bad SQL, a missing table) leaves the session usable.
      broken = error instanceof ReplicaSessionError || isFatal(error);
      throw isFatal(error) ? replicaSessionError(this.endpoint, 'lost', error) : error;
    } finally {
      if (broken) discard(connection);
      else connection.release();
    }
  }

  public async columns(schema: string, table: string): Promise<SourceColumn[]> {
    const rows = await this.query({ sql: SOURCE_COLUMNS_SQL.mysql, params: [schema, table] });
    return rows.map((row) => {
      const { name, type } = sourceColumnFromRow('mysql', row);
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
    const connection = await this.acquire();
    const watch = replicaStatementWatch(this.endpoint, this.timeouts);
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = replicaSessionError(this.endpoint, 'lost', error);
      watch.destroy(lost);
    };
    connection.on('error', onLost);
    // Bytes from the server are progress even while a long row or a block of rows is unfinished.
    const socket = socketOf(connection);
    const onBytes = () => watch.progress();
    socket?.on('data', onBytes);
    let failed = true;
    try {
      const rows = new MysqlCsvStream(
        connection,
        query,
        key === undefined ? undefined : new HmacSha256Batch(key),
      );
      await pipeline(rows, watch, target, ...(signal === undefined ? [] : [{ signal }]));
      failed = false;
      return rows.rows;
    } catch (error) {
      throw lost ?? (isFatal(error) ? replicaSessionError(this.endpoint, 'lost', error) : error);
    } finally {
      connection.removeListener('error', onLost);
      socket?.removeListener('data', onBytes);
      if (failed) discard(connection);
      else connection.release();
    }
  }

  public async close(): Promise<void> {
    await this.pool.promise().end();
  }

  /** A pooled session, its opening failures named after the replica. */
  private acquire(): Promise<PoolConnection> {
    return new Promise<PoolConnection>((resolve, reject) =>
      this.pool.getConnection((error, acquired) =>
        error ? reject(replicaSessionError(this.endpoint, 'connect', error)) : resolve(acquired),
      ),
    );
  }
}
