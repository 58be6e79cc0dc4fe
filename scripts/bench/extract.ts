/**
 * Extract benchmark: rows/s and peak RSS of the replica extract (extractChunk over the whole
 * table, one chunk, into a FileObjectStore; the plan before it — counting rows, a separate step
 * of the state machine — is timed apart and printed) against the bare driver streaming the same SELECT and discarding
 * the rows, side by side in one run, on a 1,000,000-row, 8-column table (ids, decimals,
 * timestamps, Korean text) in the MariaDB and PostgreSQL test servers.
 *
 * The bare drivers: mysql2's `query().stream()` with its default value parsing, and for
 * PostgreSQL `COPY (SELECT …) TO STDOUT` through pg-copy-streams (the fastest way pg reads rows
 * here; a row-parsing cursor is ~3x slower). Each measurement runs in its own Node process so its
 * peak RSS (`process.resourceUsage().maxRSS`) is its own; each side is measured in 3 rounds,
 * interleaved (the first side alternating), and the medians compared. Each side also reports its
 * process's CPU and the whole machine's (the database server shares these cores), so the printout
 * shows the shortest time the extract's CPU allows here and the CPU 0.8x would need. Starts the test servers through
 * scripts/services/databases.sh as the tests do (and stops those it started). Usage: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2';
import { Client } from 'pg';
import type { ReplicaEndpoint } from '../../lib/adapters/database';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { acquireTestDatabases, releaseTestDatabases } from '../../test/helpers/databases';
import {
  compareExtract,
  EXTRACT_BENCH_TABLE,
  EXTRACT_RATIO_TARGET,
  EXTRACT_RSS_TARGET_MB,
  type ExtractBenchMode,
  type ExtractBenchTable,
  type ExtractComparison,
  type ExtractMeasurement,
  extractBenchTableSql,
  measureDriver,
  measureExtract,
} from './measureExtract';
import { recordTarget } from './targets';

const ROWS = 1_000_000;
/** Rounds a side, interleaved: single timings on this machine move by tens of percent. */
const ROUNDS = 3;
const TABLE = EXTRACT_BENCH_TABLE;
/** DuckDB's memory limit: what a 512 MB extract Lambda would give it. */
const MEMORY_LIMIT = memoryLimitForLambda(512);
/** DuckDB threads: the extract Lambda leaves DuckDB at one per vCPU, and from 1769 MB a Lambda has 2. */
const THREADS = 2;

type Engine = 'mysql' | 'postgres';
type Mode = ExtractBenchMode;
type Measurement = ExtractMeasurement;

const ENDPOINTS: Record<Engine, Omit<ReplicaEndpoint, 'poolSize'>> = {
  mysql: {
    engine: 'mysql',
    host: '127.0.0.1',
    port: Number(process.env.DATALAKE_MARIADB_PORT ?? 3307),
    database: 'marketplace',
    user: 'datalake',
    password: 'datalake',
    tls: false,
  },
  postgres: {
    engine: 'postgres',
    host: '127.0.0.1',
    port: Number(process.env.DATALAKE_POSTGRES_PORT ?? 5433),
    database: 'payments',
    user: 'datalake',
    password: 'datalake',
    tls: false,
  },
};

const MYSQL_SETUP = extractBenchTableSql('mysql', TABLE, ROWS);
const POSTGRES_SETUP = extractBenchTableSql('postgres', TABLE, ROWS);

/** A plain mysql2 connection to the MariaDB test server (the reader's endpoint keys are not mysql2 options). */
function mysqlConnection(): mysql.Connection {
  const { host, port, database, user, password } = ENDPOINTS.mysql;
  return mysql.createConnection({ host, port, database, user, password });
}

/** A pg client of the PostgreSQL test server. */
function postgresClient(): Client {
  const { host, port, database, user, password } = ENDPOINTS.postgres;
  return new Client({ host, port, database, user, password });
}

async function setUp(engine: Engine): Promise<void> {
  if (engine === 'mysql') {
    const connection = mysqlConnection().promise();
    for (const sql of MYSQL_SETUP) await connection.query(sql);
    await connection.end();
    return;
  }
  const client = postgresClient();
  await client.connect();
  for (const sql of POSTGRES_SETUP) await client.query(sql);
  await client.end();
}

async function tearDown(engine: Engine): Promise<void> {
  if (engine === 'mysql') {
    const connection = mysqlConnection().promise();
    await connection.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await connection.end();
    return;
  }
  const client = postgresClient();
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await client.end();
}

function benchTable(engine: Engine): ExtractBenchTable {
  return { endpoint: ENDPOINTS[engine], table: TABLE, rows: ROWS };
}

/** Child: the extract path over the whole table, one chunk, into a FileObjectStore. */
async function runExtract(engine: Engine, root: string): Promise<Measurement> {
  const duckdb = await openDuckdb({
    memoryLimit: MEMORY_LIMIT,
    tempDirectory: join(root, 'spill'),
    threads: THREADS,
  });
  return measureExtract(benchTable(engine), {
    objectStore: new FileObjectStore(join(root, 'lake')),
    duckdb,
    salt: 'bench-salt',
    tempRoot: root,
  });
}

/** Child: the bare driver streaming the extract's own SELECT and discarding every row. */
function runDriver(engine: Engine): Promise<Measurement> {
  return measureDriver(benchTable(engine));
}

function measure(engine: Engine, mode: Mode, root: string): Measurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', engine, mode, root], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

/** Records the engine's two targets for `npm run bench`'s summary: the ratio to the bare driver and the peak RSS. */
function recordExtractTargets(engine: Engine, comparison: ExtractComparison): void {
  const step = `extract, ${engine === 'mysql' ? 'MariaDB' : 'PostgreSQL'}`;
  const rate = (seconds: number) => `${Math.round(ROWS / seconds).toLocaleString('en-US')} rows/s`;
  recordTarget({
    step,
    ours: rate(comparison.extractSeconds),
    reference: `${engine === 'mysql' ? 'mysql2 stream' : 'COPY TO STDOUT'} ${rate(comparison.driverSeconds)}`,
    measured: `${comparison.ratio.toFixed(2)}x`,
    target: `>= ${EXTRACT_RATIO_TARGET}x`,
    met: comparison.ratioMet,
  });
  recordTarget({
    step: `${step}, peak RSS`,
    ours: `${comparison.extractRssMb.toFixed(0)} MB`,
    reference: '-',
    measured: `${comparison.extractRssMb.toFixed(0)} MB`,
    target: `<= ${EXTRACT_RSS_TARGET_MB} MB`,
    met: comparison.rssMet,
  });
}

/** The engine's rounds, the two sides interleaved (the first side alternating), with a line per round. */
function measureRounds(engine: Engine, root: string): { driver: Measurement[]; extract: Measurement[] } {
  const rounds = { driver: [] as Measurement[], extract: [] as Measurement[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const sides: Mode[] = round % 2 === 0 ? ['driver', 'extract'] : ['extract', 'driver'];
    for (const mode of sides) rounds[mode].push(measure(engine, mode, root));
    const seconds = (mode: Mode) => rounds[mode].at(-1)?.seconds.toFixed(2);
    console.log(
      `  ${engine} round ${round + 1} of ${ROUNDS}: bare driver ${seconds('driver')} s, extractChunk ${seconds('extract')} s`,
    );
  }
  return rounds;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, engine, mode, root] = args as [string, Engine, Mode, string];
    const result = mode === 'extract' ? await runExtract(engine, root) : await runDriver(engine);
    console.log(JSON.stringify(result));
    return;
  }
  console.log(
    `extract bench: ${ROWS.toLocaleString('en-US')} rows x 8 columns, one chunk, DuckDB memory_limit ${MEMORY_LIMIT}, ${THREADS} threads; medians of ${ROUNDS} interleaved rounds a side`,
  );
  acquireTestDatabases();
  try {
    for (const engine of ['mysql', 'postgres'] as const) {
      const root = mkdtempSync(join(tmpdir(), 'bench-extract-'));
      try {
        await setUp(engine);
        const rounds = measureRounds(engine, root);
        const comparison = compareExtract(rounds.driver, rounds.extract, ROWS);
        console.log('');
        for (const line of comparison.lines) console.log(line);
        recordExtractTargets(engine, comparison);
      } finally {
        await tearDown(engine);
        rmSync(root, { recursive: true, force: true });
      }
    }
  } finally {
    releaseTestDatabases();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
