import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mysql, { type Connection as MariadbConnection, type RowDataPacket } from 'mysql2/promise';
import { Client as PostgresClient, types as pgTypes } from 'pg';
import type { ReplicaEndpoint } from '../../lib/adapters/database';
import { DataLakeError } from '../../lib/core/errors';

/** The engines of the marketplace fixture; names follow the config's `engine` (MariaDB serves `mysql`). */
export type DatabaseEngine = 'mysql' | 'postgres';

/** A test server managed by scripts/services/<name>.sh. */
export type ServiceName = 'mariadb' | 'postgres';

/** Every test server, in the order databases.sh handles them. */
export const SERVICE_NAMES: readonly ServiceName[] = ['mariadb', 'postgres'];

/** A row as the drivers return it: column name to value. */
export type Row = Record<string, unknown>;

const REPO_ROOT = resolve(__dirname, '../..');
const SCRIPTS_DIR = join(REPO_ROOT, 'scripts/services');
const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures/marketplace');
const TEST_RUNS_DIR = join(REPO_ROOT, '.local/services/test-runs');
const LOCK_DIR = join(TEST_RUNS_DIR, 'lock');
// Covers a first-time `apt-get install` (about 25 s) by another run holding the lock.
const LOCK_TIMEOUT_MS = 180_000;

/** pg hands these back as text: JS Dates keep only milliseconds and shift with the client's zone. */
const PG_RAW_TEXT_TYPES: ReadonlySet<number> = new Set([
  pgTypes.builtins.DATE,
  pgTypes.builtins.TIME,
  pgTypes.builtins.TIMETZ,
  pgTypes.builtins.TIMESTAMP,
  pgTypes.builtins.TIMESTAMPTZ,
  pgTypes.builtins.INTERVAL,
]);

/**
 * Runs `scripts/services/<script>.sh <command>` and returns its exit status and output.
 *
 * @param env - variables added to this process's environment, e.g. DATALAKE_SERVICES_DIR and
 *   DATALAKE_TLS_DIR for a separate pair of servers. @default - none
 * @example
 * ```ts
 * runServiceScript('databases', 'start');
 * ```
 */
export function runServiceScript(
  script: ServiceName | 'databases',
  command: 'install' | 'start' | 'stop' | 'status' | 'url',
  env: Readonly<Record<string, string>> = {},
): { readonly status: number; readonly stdout: string; readonly stderr: string } {
  const result = spawnSync('bash', [join(SCRIPTS_DIR, `${script}.sh`), command], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.error) throw new DataLakeError(`Could not run ${script}.sh ${command}`, { cause: result.error });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link runServiceScript}, but fails with the script's output on a non-zero exit. */
function runServiceScriptOrThrow(
  script: ServiceName | 'databases',
  command: 'start' | 'stop' | 'url',
): string {
  const { status, stdout, stderr } = runServiceScript(script, command);
  if (status !== 0) {
    throw new DataLakeError(
      `scripts/services/${script}.sh ${command} exited with ${status}:\n${stderr}${stdout}`,
    );
  }
  return stdout.trim();
}

/** Whether the script reports its server as running (status exit 0). */
export function isServiceRunning(name: ServiceName): boolean {
  return runServiceScript(name, 'status').status === 0;
}

/** The MariaDB test server's URL, as `scripts/services/mariadb.sh url` prints it (DATALAKE_MARIADB_PORT). */
export function mariadbUrl(): string {
  return runServiceScriptOrThrow('mariadb', 'url');
}

/** The PostgreSQL test server's URL, as `scripts/services/postgres.sh url` prints it (DATALAKE_POSTGRES_PORT). */
export function postgresUrl(): string {
  return runServiceScriptOrThrow('postgres', 'url');
}

/**
 * A connection to the MariaDB test server with the session in UTC. Values come back exact:
 * DATE/DATETIME/TIMESTAMP as strings (microseconds kept), BIGINT and DECIMAL as strings.
 *
 * @param options.multipleStatements - allow `;`-separated scripts. @default false
 */
export async function connectMariadb(
  options: { multipleStatements?: boolean } = {},
): Promise<MariadbConnection> {
  const connection = await mysql.createConnection({
    uri: mariadbUrl(),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: options.multipleStatements ?? false,
  });
  await connection.query("SET time_zone = '+00:00'");
  return connection;
}

/**
 * A connected client to the PostgreSQL test server with the session in UTC. Dates, times,
 * timestamps and intervals come back as PostgreSQL's text; int8 and numeric as strings.
 */
export async function connectPostgres(): Promise<PostgresClient> {
  const client = new PostgresClient({
    connectionString: postgresUrl(),
    options: '-c TimeZone=UTC',
    types: {
      getTypeParser: (oid, format) =>
        PG_RAW_TEXT_TYPES.has(oid) ? (value: string) => value : pgTypes.getTypeParser(oid, format),
    },
  });
  await client.connect();
  return client;
}

/**
 * Runs one statement on a fresh UTC session of the MariaDB test server and returns the rows.
 *
 * @param params - values for `?` placeholders. @default []
 * @example
 * ```ts
 * const [row] = await mariadbQuery('SELECT COUNT(*) AS n FROM users');
 * ```
 */
export async function mariadbQuery(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const connection = await connectMariadb();
  try {
    const [rows] = await connection.query<RowDataPacket[]>(sql, [...params]);
    return rows;
  } finally {
    await connection.end();
  }
}

/**
 * Runs one statement on a fresh UTC session of the PostgreSQL test server and returns the rows.
 *
 * @param params - values for `$1`, `$2`… placeholders. @default []
 * @example
 * ```ts
 * const [row] = await postgresQuery('SELECT count(*) AS n FROM payments WHERE id > $1', [10]);
 * ```
 */
export async function postgresQuery(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const client = await connectPostgres();
  try {
    return (await client.query<Row>(sql, [...params])).rows;
  } finally {
    await client.end();
  }
}

/**
 * (Re)creates the marketplace schema and rows on the engine's test server from
 * test/fixtures/marketplace/<engine>.sql: `marketplace` on MariaDB, `payments` on PostgreSQL.
 *
 * @example
 * ```ts
 * beforeAll(() => loadFixture('mysql'));
 * ```
 */
export async function loadFixture(engine: DatabaseEngine): Promise<void> {
  const sql = readFileSync(join(FIXTURES_DIR, `${engine}.sql`), 'utf8');
  if (engine === 'mysql') {
    const connection = await connectMariadb({ multipleStatements: true });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
    return;
  }
  const client = await connectPostgres();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` while holding a lock shared by every jest run in this checkout, so one run's
 * teardown cannot stop a server another run has just decided to reuse. A lock left by a dead
 * process is taken over.
 */
function withTestRunLock<T>(work: () => T): T {
  mkdirSync(TEST_RUNS_DIR, { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(join(LOCK_DIR, 'pid'));
      if (holder !== undefined && !isAlive(holder)) rmSync(LOCK_DIR, { recursive: true, force: true });
      else if (Date.now() > deadline) {
        throw new DataLakeError(
          `Waited ${LOCK_TIMEOUT_MS} ms for ${LOCK_DIR} (held by pid ${holder ?? 'unknown'}); remove it if no jest run is active`,
        );
      } else sleepSync(100);
    }
  }
  try {
    writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
    return work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

const leaseFile = (pid: number): string => join(TEST_RUNS_DIR, `run-${pid}`);
const startedMarker = (name: ServiceName): string => join(TEST_RUNS_DIR, `started-${name}`);

/**
 * For jest's globalSetup: records this run, then starts both test servers through
 * `scripts/services/databases.sh start` (which installs them if missing). A server that was
 * not running before is marked as started by the tests, so the last run to finish stops it
 * and a server someone started by hand is left alone.
 */
export function acquireTestDatabases(): void {
  withTestRunLock(() => {
    writeFileSync(leaseFile(process.pid), '');
    const stopped = SERVICE_NAMES.filter((name) => !isServiceRunning(name));
    runServiceScriptOrThrow('databases', 'start');
    for (const name of stopped) writeFileSync(startedMarker(name), String(process.pid));
  });
}

/**
 * For jest's globalTeardown: forgets this run and, if no other jest run in this checkout is
 * still active, stops the servers that a run's {@link acquireTestDatabases} started.
 */
export function releaseTestDatabases(): void {
  withTestRunLock(() => {
    rmSync(leaseFile(process.pid), { force: true });
    const otherRuns = readdirSync(TEST_RUNS_DIR)
      .map((entry) => /^run-(\d+)$/.exec(entry)?.[1])
      .filter((pid): pid is string => pid !== undefined)
      .filter((pid) => {
        if (isAlive(Number(pid))) return true;
        rmSync(leaseFile(Number(pid)), { force: true });
        return false;
      });
    if (otherRuns.length > 0) return;
    for (const name of SERVICE_NAMES) {
      if (!existsSync(startedMarker(name))) continue;
      runServiceScriptOrThrow(name, 'stop');
      rmSync(startedMarker(name), { force: true });
    }
  });
}

/**
 * A replica endpoint for one of the test servers, from its URL (no TLS): what the replica readers
 * of the tests and demos connect with.
 *
 * @param options.database - @default the URL's database (marketplace / payments)
 * @param options.poolSize - @default the reader's default (1)
 */
export function testReplicaEndpoint(
  engine: DatabaseEngine,
  options: { database?: string; poolSize?: number; applicationName?: string } = {},
): ReplicaEndpoint {
  const url = new URL(engine === 'mysql' ? mariadbUrl() : postgresUrl());
  return {
    engine,
    host: url.hostname,
    port: Number(url.port),
    database: options.database ?? url.pathname.slice(1),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    tls: false,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
  };
}

/**
 * Sessions a run's readers hold on the server right now: on PostgreSQL those with
 * `applicationName`, on MariaDB (which has no such name) every session in `marketplace` but the
 * sampler's own.
 */
export async function replicaSessions(engine: DatabaseEngine, applicationName: string): Promise<number> {
  if (engine === 'mysql') {
    const [row] = await mariadbQuery(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = 'marketplace' AND ID <> CONNECTION_ID()",
    );
    return Number(row?.n);
  }
  const [row] = await postgresQuery(
    'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return Number(row?.n);
}
