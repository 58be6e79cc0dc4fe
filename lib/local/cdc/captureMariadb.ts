import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ZongJi, { type AnyBinlogEvent } from '@vlasky/zongji';
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { DataLakeError } from '../../core/errors';
import { quoteIdentifier } from '../../core/transform';
import { SOURCE_COLUMNS_SQL, type SourceColumnRow, sourceColumnFromRow } from '../../core/types';
import { LOCAL_BUCKETS } from '../localCatalogPaths';
import type { CapturedChange, CapturedTable, CapturedValue } from './CapturedChange';
import type { CaptureDeps, CaptureInput, CaptureResult } from './CaptureOnce';
import { captureStateFile, readCaptureState, writeCaptureState } from './captureState';
import { dmsTimestamp } from './dmsFileKey';
import { dmsParquetType } from './dmsParquetType';
import { type CaptureTableInfo, writeCapturedTables } from './writeCapturedTables';

const PRIMARY_KEY_SQL = `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
  WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`;

/** A binlog position: file and offset. */
interface BinlogPosition {
  readonly file: string;
  readonly offset: number;
}

const reached = (at: BinlogPosition, end: BinlogPosition): boolean =>
  at.file > end.file || (at.file === end.file && at.offset >= end.offset);

/** A binlog value as the capture hands it on: bytes stay bytes, everything else its text. */
function captured(value: unknown): CapturedValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

function capturedRow(row: Record<string, unknown>): Record<string, CapturedValue> {
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, captured(value)]));
}

async function connect(input: CaptureInput): Promise<Connection> {
  const { endpoint } = input;
  const connection = await mysql.createConnection({
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    database: endpoint.database,
    charset: 'utf8mb4_unicode_ci',
    // Every value as the server's text (TIMESTAMP in the session's UTC, DECIMAL exact).
    typeCast: (field) => field.string(),
  });
  await connection.query("SET time_zone = '+00:00'");
  return connection;
}

async function tableInfo(connection: Connection, database: string, table: string): Promise<CaptureTableInfo> {
  const [rows] = await connection.query<RowDataPacket[]>(SOURCE_COLUMNS_SQL.mysql, [database, table]);
  if (rows.length === 0) throw new DataLakeError(`Change capture: table ${database}.${table} does not exist`);
  const [keys] = await connection.query<RowDataPacket[]>(PRIMARY_KEY_SQL, [database, table]);
  const columns = rows.map((row) => sourceColumnFromRow('mysql', row as SourceColumnRow));
  return {
    schema: database,
    table,
    columns: columns.map((column) => ({ name: column.name, duckdbType: dmsParquetType(column.type) })),
    keyColumns: keys.map((key) => String(key.name)),
    sourceColumns: columns.map(({ name, type }) => ({ name, type })),
  };
}

/** A column's SELECT in the full load: bytes as hex, BIT(1) as `true`/`false`, the rest as text. */
function fullLoadColumn(name: string, duckdbType: string): string {
  const column = quoteIdentifier(name).replaceAll('"', '`');
  if (duckdbType === 'BLOB') return `HEX(${column}) AS ${column}`;
  if (duckdbType === 'BOOLEAN')
    return `IF(${column} IS NULL, NULL, IF(${column} + 0 <> 0, 'true', 'false')) AS ${column}`;
  return column;
}

/** The full load: every table read in one consistent snapshot, and the binlog position it stands at. */
async function fullLoad(
  connection: Connection,
  tables: readonly CaptureTableInfo[],
  commitTime: string,
): Promise<{ position: BinlogPosition; captured: CapturedTable[] }> {
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    // MariaDB's binlog position consistent with the snapshot (binlog_snapshot_file/position).
    const [status] = await connection.query<RowDataPacket[]>("SHOW STATUS LIKE 'binlog_snapshot_%'");
    const value = (name: string) =>
      status.find((row) => String(row.Variable_name).toLowerCase() === name)?.Value;
    const position = {
      file: String(value('binlog_snapshot_file') ?? ''),
      offset: Number(value('binlog_snapshot_position')),
    };
    if (position.file === '') {
      throw new DataLakeError('Change capture: the MariaDB server writes no binlog; start it with --log-bin');
    }
    const captured: CapturedTable[] = [];
    for (const table of tables) {
      const select = table.columns.map((column) => fullLoadColumn(column.name, column.duckdbType)).join(', ');
      const from = `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.table)}`.replaceAll('"', '`');
      const [rows] = await connection.query<RowDataPacket[]>(`SELECT ${select} FROM ${from}`);
      captured.push({
        schema: table.schema,
        table: table.table,
        changes: rows.map((row) => ({ op: 'I', commitTime, row: row as Record<string, CapturedValue> })),
      });
    }
    return { position, captured };
  } finally {
    await connection.query('COMMIT');
  }
}

const DEFAULT_READ_TIMEOUT_MS = 300_000;

/** The committed row changes of `tables` between two binlog positions, in commit order. */
function readBinlog(
  input: CaptureInput,
  tables: readonly string[],
  from: BinlogPosition,
  end: BinlogPosition,
): Promise<Map<string, CapturedChange[]>> {
  const { endpoint } = input;
  const changes = new Map<string, CapturedChange[]>(tables.map((table) => [table, []]));
  const zongji = new ZongJi({
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  const timeoutMs = input.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let file = from.file;
    // A transaction's rows wait for its commit: a rolled-back one ends without any.
    let pending: { table: string; change: Omit<CapturedChange, 'commitTime'> }[] = [];
    let failure: unknown;
    const commit = (event: AnyBinlogEvent) => {
      const commitTime = dmsTimestamp(BigInt(event.timestamp) * 1000n);
      for (const { table, change } of pending) changes.get(table)?.push({ ...change, commitTime });
      pending = [];
    };
    zongji.on('binlog', (event: AnyBinlogEvent) => {
      try {
        switch (event.getEventName()) {
          case 'rotate':
            if ('binlogName' in event && event.binlogName !== '') file = event.binlogName;
            return;
          case 'mariadbgtid':
            pending = [];
            break;
          case 'writerows':
          case 'updaterows':
          case 'deleterows': {
            const rows = event as Extract<AnyBinlogEvent, { tableId: number; rows: unknown[] }>;
            const table = rows.tableMap[rows.tableId]?.tableName ?? '';
            if (!changes.has(table)) break;
            for (const row of rows.rows as unknown[])
              pending.push({ table, change: rowChange(event.getEventName(), row) });
            break;
          }
          case 'xid':
            commit(event);
            break;
          case 'query':
            if ('query' in event && event.query === 'COMMIT') commit(event);
            break;
        }
        if (reached({ file, offset: event.nextPosition }, end)) zongji.stop();
      } catch (error) {
        failure = error;
        zongji.stop();
      }
    });
    zongji.on('error', (error: Error) => {
      failure = error;
      zongji.stop();
    });
    // The failure is set before stopping: zongji emits 'stopped' within stop(), which settles this.
    const deadline = setTimeout(() => {
      failure = new DataLakeError(
        `Change capture of ${input.source}: the binlog from ${from.file}:${from.offset} to ${end.file}:${end.offset} was not read within ${timeoutMs} ms (readTimeoutMs)`,
      );
      zongji.stop();
    }, timeoutMs);
    zongji.on('stopped', () => {
      clearTimeout(deadline);
      if (failure === undefined) resolve(changes);
      else reject(failure);
    });
    zongji.start({
      // A replica's server id must differ from the server's and from any other reader's.
      serverId: 1_000_000 + (process.pid % 1_000_000),
      filename: from.file,
      position: from.offset,
      includeSchema: { [endpoint.database]: [...tables] },
    });
  });
}

function rowChange(eventName: string, row: unknown): Omit<CapturedChange, 'commitTime'> {
  if (eventName === 'updaterows') {
    const { before, after } = row as { before: Record<string, unknown>; after: Record<string, unknown> };
    return { op: 'U', row: capturedRow(after), keyBefore: capturedRow(before) };
  }
  return { op: eventName === 'writerows' ? 'I' : 'D', row: capturedRow(row as Record<string, unknown>) };
}

/**
 * One bounded capture of a MariaDB (MySQL) source, as a stand-in for AWS DMS: the first time a
 * full load (`LOAD00000001.parquet` per table, read in one consistent snapshot whose binlog
 * position it keeps), then every time the row changes committed since the kept position up to
 * the binlog's end when it starts (`SHOW MASTER STATUS`), as CDC files in commit order. Reads the
 * binlog's row events with @vlasky/zongji; a rolled-back transaction is never in the binlog, and
 * rows wait for their transaction's commit event anyway. The position is stored only after the
 * files are written: a capture that dies in between writes the same changes again next time, which
 * the apply's newest-change-per-key folds away.
 *
 * Needs the server's `binlog_format=ROW`, `binlog_row_image=FULL` (DMS's prerequisites for a
 * MySQL source) and `binlog_row_metadata=FULL`, and a user with REPLICATION SLAVE.
 *
 * @example
 * ```ts
 * await captureMariadb({ source: 'shop', endpoint, tables: ['items'], lakeDir: '.local/lake' }, { objectStore, duckdb });
 * ```
 */
export async function captureMariadb(input: CaptureInput, deps: CaptureDeps): Promise<CaptureResult> {
  const stateFile = captureStateFile(input.lakeDir, input.source);
  const state = await readCaptureState(stateFile);
  const now = (deps.now ?? (() => new Date()))();
  const workDirectory = deps.workDirectory ?? join(input.lakeDir, 'tmp');
  await mkdir(workDirectory, { recursive: true });
  const writeDeps = { ...deps, bucket: deps.bucket ?? LOCAL_BUCKETS.raw, workDirectory };
  const connection = await connect(input);
  try {
    const database = input.endpoint.database;
    const tables = await Promise.all(input.tables.map((table) => tableInfo(connection, database, table)));
    const names = tables.map((table) => `${table.schema}.${table.table}`);
    if (state === undefined) {
      const load = await fullLoad(connection, tables, dmsTimestamp(BigInt(now.getTime()) * 1000n));
      const written = await writeCapturedTables(
        input.source,
        tables,
        load.captured,
        { kind: 'full-load' },
        writeDeps,
      );
      await writeCaptureState(stateFile, {
        position: load.position,
        tables: names,
        lastFileMillis: now.getTime(),
      });
      return {
        kind: 'full-load',
        keys: written.keys,
        rows: load.captured.reduce((sum, t) => sum + t.changes.length, 0),
        tables,
      };
    }
    if (!('file' in state.position) || state.tables.join(',') !== names.join(',')) {
      throw new DataLakeError(
        `Change capture of ${input.source}: ${stateFile} was made for ${state.tables.join(', ')}, not ${names.join(', ')} on MariaDB; remove it to start again with a full load`,
      );
    }
    const [[master]] = await connection.query<RowDataPacket[]>('SHOW MASTER STATUS');
    const end = { file: String(master?.File), offset: Number(master?.Position) };
    if (reached(state.position, end)) return { kind: 'cdc', keys: [], rows: 0, tables };
    const changes = await readBinlog(input, input.tables, state.position, end);
    const captured = tables.map((table) => ({
      schema: table.schema,
      table: table.table,
      changes: changes.get(table.table) ?? [],
    }));
    const written = await writeCapturedTables(
      input.source,
      tables,
      captured,
      { kind: 'cdc', firstFileMillis: Math.max(now.getTime(), state.lastFileMillis + 1) },
      writeDeps,
    );
    await writeCaptureState(stateFile, {
      ...state,
      position: end,
      lastFileMillis: Math.max(state.lastFileMillis, written.lastFileMillis),
    });
    return {
      kind: 'cdc',
      keys: written.keys,
      rows: captured.reduce((sum, t) => sum + t.changes.length, 0),
      tables,
    };
  } finally {
    await connection.end();
  }
}
