import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { type Pgoutput, PgoutputPlugin } from 'pg-logical-replication';
import { DataLakeError } from '../../core/errors';
import { quoteIdentifier, quoteLiteral } from '../../core/transform';
import { SOURCE_COLUMNS_SQL, type SourceColumnRow, sourceColumnFromRow } from '../../core/types';
import { LOCAL_BUCKETS } from '../localCatalogPaths';
import type { CapturedChange, CapturedTable, CapturedValue } from './CapturedChange';
import type { CaptureDeps, CaptureInput, CaptureResult } from './CaptureOnce';
import { captureStateFile, readCaptureState, writeCaptureState } from './captureState';
import { dmsTimestamp } from './dmsFileKey';
import { dmsParquetType } from './dmsParquetType';
import { type CaptureTableInfo, writeCapturedTables } from './writeCapturedTables';

const PRIMARY_KEY_SQL = `SELECT a.attname AS name
  FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
  WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary
  ORDER BY array_position(i.indkey::int2[], a.attnum)`;

/** A captured PostgreSQL table: its DMS columns and, for the text conversions, which are `bool`. */
interface PostgresTable extends CaptureTableInfo {
  readonly booleans: ReadonlySet<string>;
}

/** The slot and publication of a source's capture: lower-case letters, digits and `_`, at most 63. */
export function captureSlotName(source: string): string {
  return `datalake_cdc_${source.toLowerCase().replaceAll(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

function splitName(name: string): { schema: string; table: string } {
  const dot = name.indexOf('.');
  return dot < 0
    ? { schema: 'public', table: name }
    : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
}

async function connect(input: CaptureInput): Promise<Client> {
  const { endpoint } = input;
  const client = new Client({
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    database: endpoint.database,
    // UTC, so timestamptz text is UTC (`+00`), as DMS converts it; every value as PostgreSQL's text.
    options: '-c TimeZone=UTC',
    types: { getTypeParser: () => (value: string) => value },
  });
  await client.connect();
  return client;
}

async function tableInfo(client: Client, name: string): Promise<PostgresTable> {
  const { schema, table } = splitName(name);
  const { rows } = await client.query<SourceColumnRow>(SOURCE_COLUMNS_SQL.postgres, [schema, table]);
  if (rows.length === 0) throw new DataLakeError(`Change capture: table ${schema}.${table} does not exist`);
  const keys = await client.query<{ name: string }>(PRIMARY_KEY_SQL, [schema, table]);
  const columns = rows.map((row) => sourceColumnFromRow('postgres', row));
  return {
    schema,
    table,
    columns: columns.map((column) => ({ name: column.name, duckdbType: dmsParquetType(column.type) })),
    keyColumns: keys.rows.map((key) => key.name),
    sourceColumns: columns.map(({ name, type }) => ({ name, type })),
    booleans: new Set(
      columns.filter((column) => column.type.dataType === 'bool').map((column) => column.name),
    ),
  };
}

/** PostgreSQL's text of a value as the file writer takes it: bytea's `\x` hex as hex, `bool` as DMS's `true`/`false`. */
function capturedRow(
  table: PostgresTable | undefined,
  row: Record<string, unknown>,
): Record<string, CapturedValue> {
  const types = new Map(table?.columns.map((column) => [column.name, column.duckdbType]));
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => {
      if (value === null) return [name, null];
      if (typeof value !== 'string') {
        throw new DataLakeError(
          `Change capture: ${table?.schema}.${table?.table}.${name} came without its value (an unchanged TOASTed value); set REPLICA IDENTITY FULL on the table so updates carry it`,
        );
      }
      if (types.get(name) === 'BLOB') return [name, value.startsWith('\\x') ? value.slice(2) : value];
      if (table?.booleans.has(name)) return [name, value === 't' ? 'true' : value === 'f' ? 'false' : value];
      return [name, value];
    }),
  );
}

/** The publication (the tables) and a new logical slot decoding with pgoutput. */
async function createSlot(client: Client, slot: string, tables: readonly PostgresTable[]): Promise<string> {
  const list = tables
    .map((table) => `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.table)}`)
    .join(', ');
  await client.query(`DROP PUBLICATION IF EXISTS ${quoteIdentifier(slot)}`);
  await client.query(`CREATE PUBLICATION ${quoteIdentifier(slot)} FOR TABLE ${list}`);
  await client.query(
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  const { rows } = await client.query<{ lsn: string }>(
    "SELECT lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')",
    [slot],
  );
  return rows[0]?.lsn ?? '0/0';
}

/** Every table read in one snapshot taken after the slot exists: no change falls between the two. */
async function fullLoad(
  client: Client,
  tables: readonly PostgresTable[],
  commitTime: string,
): Promise<CapturedTable[]> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const captured: CapturedTable[] = [];
    for (const table of tables) {
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT * FROM ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.table)}`,
      );
      captured.push({
        schema: table.schema,
        table: table.table,
        changes: rows.map((row) => ({ op: 'I', commitTime, row: capturedRow(table, row) })),
      });
    }
    return captured;
  } finally {
    await client.query('COMMIT');
  }
}

/** The slot's changes committed before `end`, decoded (pgoutput, pg-logical-replication's parser), by table. */
async function readSlot(
  client: Client,
  slot: string,
  end: string,
  tables: readonly PostgresTable[],
): Promise<Map<string, CapturedChange[]>> {
  const byName = new Map(tables.map((table) => [`${table.schema}.${table.table}`, table]));
  const changes = new Map<string, CapturedChange[]>([...byName.keys()].map((name) => [name, []]));
  const { rows } = await client.query<{ data: Buffer }>(
    `SELECT data FROM pg_logical_slot_peek_binary_changes($1, $2, NULL, 'proto_version', '1', 'publication_names', ${quoteLiteral(slot)})`,
    [slot, end],
  );
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [slot] });
  let pending: { name: string; change: Omit<CapturedChange, 'commitTime'> }[] = [];
  for (const { data } of rows) {
    // Data rows arrive as bytea text (`\x…`) through the all-text type parser.
    const message: Pgoutput.Message = plugin.parse(
      Buffer.isBuffer(data) ? data : Buffer.from(String(data).slice(2), 'hex'),
    );
    switch (message.tag) {
      case 'begin':
        pending = [];
        break;
      case 'relation':
        // Keep PostgreSQL's text: pg's parsers would turn timestamps into millisecond Dates.
        for (const column of message.columns) column.parser = (raw: unknown) => raw;
        break;
      case 'insert':
      case 'update':
      case 'delete': {
        const name = `${message.relation.schema}.${message.relation.name}`;
        const table = byName.get(name);
        if (table === undefined) break;
        pending.push({ name, change: messageChange(message, table) });
        break;
      }
      case 'truncate':
        throw new DataLakeError(
          `Change capture: ${message.relations.map((relation) => relation.name).join(', ')} was truncated; DMS's files have no operation for it: reload the table`,
        );
      case 'commit': {
        const commitTime = dmsTimestamp(BigInt(String(message.commitTime)));
        for (const { name, change } of pending) changes.get(name)?.push({ ...change, commitTime });
        pending = [];
        break;
      }
    }
  }
  return changes;
}

function messageChange(
  message: Pgoutput.MessageInsert | Pgoutput.MessageUpdate | Pgoutput.MessageDelete,
  table: PostgresTable,
): Omit<CapturedChange, 'commitTime'> {
  if (message.tag === 'insert') return { op: 'I', row: capturedRow(table, message.new) };
  if (message.tag === 'update') {
    // `key` (or the whole old row under REPLICA IDENTITY FULL) comes only when the key changed.
    const before = message.key ?? message.old;
    return {
      op: 'U',
      row: capturedRow(table, message.new),
      ...(before === null ? {} : { keyBefore: capturedRow(table, before) }),
    };
  }
  // A delete carries the key (the whole row under REPLICA IDENTITY FULL); the rest is NULL.
  const old = capturedRow(
    table,
    Object.fromEntries(Object.entries(message.key ?? message.old ?? {}).filter(([, v]) => v !== undefined)),
  );
  return {
    op: 'D',
    row: Object.fromEntries(
      message.relation.columns.map((column) => [column.name, old[column.name] ?? null]),
    ),
  };
}

/**
 * One bounded capture of a PostgreSQL source, as a stand-in for AWS DMS: the first time a
 * publication of the tables and a logical replication slot decoding with `pgoutput` (what DMS
 * uses), then a full load (`LOAD00000001.parquet` per table) read in a snapshot taken after the
 * slot: a change committed in between is in both, which the apply's newest-change-per-key folds
 * away. Every later capture reads the transactions committed since the slot's position up to the
 * WAL's end when it starts (`pg_logical_slot_peek_binary_changes` up to `pg_current_wal_lsn()`),
 * decodes them with pg-logical-replication's pgoutput parser, writes CDC files in commit order and
 * only then advances the slot (`pg_replication_slot_advance`) and the stored position. Logical
 * decoding carries committed transactions only: a rolled-back one never appears.
 *
 * Needs `wal_level=logical`, a free replication slot, and a user with REPLICATION who owns the
 * tables (for the publication).
 *
 * @example
 * ```ts
 * await capturePostgres({ source: 'payments', endpoint, tables: ['payments'], lakeDir: '.local/lake' }, { objectStore, duckdb });
 * ```
 */
export async function capturePostgres(input: CaptureInput, deps: CaptureDeps): Promise<CaptureResult> {
  const stateFile = captureStateFile(input.lakeDir, input.source);
  const state = await readCaptureState(stateFile);
  const now = (deps.now ?? (() => new Date()))();
  const workDirectory = deps.workDirectory ?? join(input.lakeDir, 'tmp');
  await mkdir(workDirectory, { recursive: true });
  const writeDeps = { ...deps, bucket: deps.bucket ?? LOCAL_BUCKETS.raw, workDirectory };
  const slot = captureSlotName(input.source);
  const client = await connect(input);
  try {
    const tables = await Promise.all(input.tables.map((table) => tableInfo(client, table)));
    const names = tables.map((table) => `${table.schema}.${table.table}`);
    if (state === undefined) {
      const lsn = await createSlot(client, slot, tables);
      const captured = await fullLoad(client, tables, dmsTimestamp(BigInt(now.getTime()) * 1000n));
      const written = await writeCapturedTables(
        input.source,
        tables,
        captured,
        { kind: 'full-load' },
        writeDeps,
      );
      await writeCaptureState(stateFile, { position: { lsn }, tables: names, lastFileMillis: now.getTime() });
      return {
        kind: 'full-load',
        keys: written.keys,
        rows: captured.reduce((sum, t) => sum + t.changes.length, 0),
        tables,
      };
    }
    if (!('lsn' in state.position) || state.tables.join(',') !== names.join(',')) {
      throw new DataLakeError(
        `Change capture of ${input.source}: ${stateFile} was made for ${state.tables.join(', ')}, not ${names.join(', ')} on PostgreSQL; remove it to start again with a full load`,
      );
    }
    const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn');
    const end = rows[0]?.lsn ?? state.position.lsn;
    const changes = await readSlot(client, slot, end, tables);
    const captured = tables.map((table) => ({
      schema: table.schema,
      table: table.table,
      changes: changes.get(`${table.schema}.${table.table}`) ?? [],
    }));
    const written = await writeCapturedTables(
      input.source,
      tables,
      captured,
      { kind: 'cdc', firstFileMillis: Math.max(now.getTime(), state.lastFileMillis + 1) },
      writeDeps,
    );
    // Confirmed only now that the files are written.
    await client.query('SELECT pg_replication_slot_advance($1, $2)', [slot, end]);
    await writeCaptureState(stateFile, {
      ...state,
      position: { lsn: end },
      lastFileMillis: Math.max(state.lastFileMillis, written.lastFileMillis),
    });
    return {
      kind: 'cdc',
      keys: written.keys,
      rows: captured.reduce((sum, t) => sum + t.changes.length, 0),
      tables,
    };
  } finally {
    await client.end();
  }
}
