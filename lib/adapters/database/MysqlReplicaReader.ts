import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mysql, { type Pool, type PoolConnection, type TypeCast } from 'mysql2';
import { csvRecord, type SourceQuery } from '../../core/extract';
import { SOURCE_COLUMNS_SQL, sourceColumnFromRow } from '../../core/types';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import type { ReplicaReader, SourceColumn, TextRow } from './ReplicaReader';

/** Every value as the server's text: exact BIGINT UNSIGNED, DECIMAL and DATETIME(6), no JS Date or number. */
const asText: TypeCast = (field) => field.string();

/** CSV text handed to the file per write: large enough to amortize the write, small enough to stay bounded. */
const CSV_FLUSH_CHARS = 1 << 16;

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

/** Encodes driver rows (arrays of text) as CSV, in blocks, counting them. */
function csvEncoder(counter: { rows: number }): Transform {
  let pending = '';
  return new Transform({
    writableObjectMode: true,
    transform(row: unknown, _encoding, done) {
      if (Array.isArray(row)) {
        pending += csvRecord(row as (string | null)[]);
        counter.rows += 1;
      }
      if (pending.length >= CSV_FLUSH_CHARS) {
        this.push(pending);
        pending = '';
      }
      done();
    },
    flush(done) {
      if (pending.length > 0) this.push(pending);
      done();
    },
  });
}

/**
 * {@link ReplicaReader} on MySQL/MariaDB with a mysql2 pool of `poolSize` connections. Rows stream
 * from the server (`query().stream()`, text protocol) straight into the CSV target.
 *
 * @example
 * ```ts
 * const reader = new MysqlReplicaReader({ engine: 'mysql', host, port: 3306, database: 'service', user, password, tls: { ca }, poolSize: 2 });
 * ```
 */
export class MysqlReplicaReader implements ReplicaReader {
  public readonly engine = 'mysql' as const;
  private readonly pool: Pool;

  public constructor(endpoint: ReplicaEndpoint) {
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
      ...(endpoint.tls === false ? {} : { ssl: { ca: endpoint.tls.ca, rejectUnauthorized: true } }),
    });
    this.pool.on('connection', (connection) => {
      for (const sql of SESSION_SQL) {
        // A session that cannot be set up must not serve rows in the wrong zone.
        connection.query(sql, (error) => {
          if (error) connection.destroy();
        });
      }
    });
  }

  public async query(query: SourceQuery): Promise<TextRow[]> {
    const [rows] = await this.pool
      .promise()
      .query({ sql: query.sql, values: [...query.params], typeCast: asText });
    return rows as TextRow[];
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

  public async copyToCsv(query: SourceQuery, target: Writable, signal?: AbortSignal): Promise<number> {
    const connection = await new Promise<PoolConnection>((resolve, reject) =>
      this.pool.getConnection((error, acquired) => (error ? reject(error) : resolve(acquired))),
    );
    let failed = true;
    try {
      const rows = connection
        .query({ sql: query.sql, values: [...query.params], rowsAsArray: true, typeCast: asText })
        .stream({ highWaterMark: 1000 });
      const counter = { rows: 0 };
      await pipeline(rows, csvEncoder(counter), target, ...(signal === undefined ? [] : [{ signal }]));
      failed = false;
      return counter.rows;
    } finally {
      if (failed) connection.destroy();
      else connection.release();
    }
  }

  public async close(): Promise<void> {
    await this.pool.promise().end();
  }
}
