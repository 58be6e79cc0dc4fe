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
 * peak RSS (`process.resourceUsage().maxRSS`) is its own. Needs the test servers
 * (`bash scripts/services/databases.sh start`). Usage: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openReplicaReader, type ReplicaEndpoint } from '../../lib/adapters/database';
import { parseConfig } from '../../lib/config';
import { chunkSelectSql, replicaLanding } from '../../lib/core/extract';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { extractChunk } from '../../lib/pipeline/extractChunk';
import { planExtract } from '../../lib/pipeline/planExtract';

const ROWS = 1_000_000;
const TABLE = 'bench_extract_items';
const RATIO_TARGET = 0.8;
const RSS_TARGET_MB = 512;
/** DuckDB's memory limit: what a 512 MB extract Lambda would give it. */
const MEMORY_LIMIT = memoryLimitForLambda(512);
/** DuckDB threads: the extract Lambda leaves DuckDB at one per vCPU, and from 1769 MB a Lambda has 2. */
const THREADS = 2;

type Engine = 'mysql' | 'postgres';
type Mode = 'driver' | 'extract';

interface Measurement {
  readonly engine: Engine;
  readonly mode: Mode;
  readonly rows: number;
  readonly seconds: number;
  /** Planning before the timed part (extract only): a separate step, the replica-plan Lambda. */
  readonly planSeconds?: number;
  readonly maxRssMb: number;
}

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

const MYSQL_SETUP = [
  `DROP TABLE IF EXISTS ${TABLE}`,
  `CREATE TABLE ${TABLE} (
    id BIGINT NOT NULL PRIMARY KEY, seller_id INT NOT NULL, price DECIMAL(12,2) NOT NULL,
    fee_rate DECIMAL(5,4) NULL, title VARCHAR(200) NOT NULL, status VARCHAR(20) NOT NULL,
    created_at DATETIME(6) NOT NULL, updated_at TIMESTAMP(6) NULL) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4`,
  // MariaDB's sequence engine generates the rows server-side in one statement.
  `INSERT INTO ${TABLE} SELECT seq, seq % 100000, (seq * 37 % 100000000) / 100, (seq % 10000) / 10000,
    CONCAT('중고 상품 ', seq, ' 팝니다 😀 거의 새것'), ELT(1 + seq % 4, 'new', 'reserved', 'sold', 'hidden'),
    TIMESTAMP('2020-01-01') + INTERVAL seq SECOND + INTERVAL seq % 1000000 MICROSECOND,
    TIMESTAMP('2021-01-01') + INTERVAL seq * 2 SECOND + INTERVAL seq % 999999 MICROSECOND
    FROM seq_1_to_${ROWS}`,
];

const POSTGRES_SETUP = [
  `DROP TABLE IF EXISTS ${TABLE}`,
  `CREATE TABLE ${TABLE} (
    id bigint PRIMARY KEY, seller_id integer NOT NULL, price numeric(12,2) NOT NULL, fee_rate numeric(5,4),
    title text NOT NULL, status varchar(20) NOT NULL, created_at timestamp(6) NOT NULL, updated_at timestamptz)`,
  `INSERT INTO ${TABLE} SELECT n, n % 100000, (n * 37 % 100000000) / 100.0, (n % 10000) / 10000.0,
    '중고 상품 ' || n || ' 팝니다 😀 거의 새것', (ARRAY['new', 'reserved', 'sold', 'hidden'])[1 + n % 4],
    timestamp '2020-01-01' + n * interval '1 second' + (n % 1000000) * interval '1 microsecond',
    timestamptz '2021-01-01 00:00:00+09' + n * interval '2 seconds' + (n % 999999) * interval '1 microsecond'
    FROM generate_series(1, ${ROWS}) AS n`,
  `ANALYZE ${TABLE}`,
];

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

function sourceConfig(engine: Engine) {
  const config = parseConfig({
    name: 'bench',
    sources: [
      {
        name: 'bench',
        engine,
        database: ENDPOINTS[engine].database,
        primary: { instanceIdentifier: 'bench' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf',
        defaultMode: 'replica-query',
        tables: [{ name: TABLE, chunkSize: ROWS, columns: { title: { mask: 'hash' } } }],
      },
    ],
  });
  const [source] = config.sources;
  if (source === undefined) throw new Error('bench config has no source');
  return source;
}

/** Child: the extract path over the whole table, one chunk, into a FileObjectStore. */
async function runExtract(engine: Engine, root: string): Promise<Measurement> {
  const reader = openReplicaReader({ ...ENDPOINTS[engine], poolSize: 1 });
  const duckdb = await openDuckdb({
    memoryLimit: MEMORY_LIMIT,
    tempDirectory: join(root, 'spill'),
    threads: THREADS,
  });
  const source = sourceConfig(engine);
  const planning = process.hrtime.bigint();
  const planned = await planExtract(
    {
      source,
      table: source.tables[0] as (typeof source.tables)[number],
      runId: '20261123T030005Z',
      runStart: new Date(),
    },
    { reader },
  );
  const started = process.hrtime.bigint();
  const planSeconds = Number(started - planning) / 1e9;
  let rows = 0;
  for (const chunk of planned.chunks) {
    const result = await extractChunk(
      { plan: planned.plan, chunk, curatedBucket: 'curated' },
      {
        reader,
        objectStore: new FileObjectStore(join(root, 'lake')),
        duckdb,
        salt: 'bench-salt',
        tempRoot: root,
      },
    );
    rows += result.rows;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await reader.close();
  return {
    engine,
    mode: 'extract',
    rows,
    seconds,
    planSeconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Child: the bare driver streaming the extract's own SELECT and discarding every row. */
async function runDriver(engine: Engine): Promise<Measurement> {
  const endpoint = ENDPOINTS[engine];
  const source = sourceConfig(engine);
  const reader = openReplicaReader({ ...endpoint, poolSize: 1 });
  const planned = await planExtract(
    {
      source,
      table: source.tables[0] as (typeof source.tables)[number],
      runId: '20261123T030005Z',
      runStart: new Date(),
    },
    { reader },
  );
  await reader.close();
  const [chunk] = planned.chunks;
  if (chunk === undefined) throw new Error('no chunk planned');
  const select = chunkSelectSql(engine, {
    schema: planned.plan.schema,
    table: planned.plan.table,
    columns: replicaLanding(engine, planned.plan.columns),
    chunk,
  });
  let rows = 0;
  const started = process.hrtime.bigint();
  if (engine === 'mysql') {
    const connection = mysqlConnection();
    const stream = connection.query(select.sql, [...select.params]).stream({ highWaterMark: 1000 });
    await pipeline(
      stream,
      new Writable({
        objectMode: true,
        write(_row, _encoding, done) {
          rows += 1;
          done();
        },
      }),
    );
    await connection.promise().end();
  } else {
    const client = postgresClient();
    await client.connect();
    const stream = client.query(copyTo(`COPY (${select.sql}) TO STDOUT WITH (FORMAT csv)`));
    await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() }));
    rows = Number(stream.rowCount);
    await client.end();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { engine, mode: 'driver', rows, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function measure(engine: Engine, mode: Mode, root: string): Measurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', engine, mode, root], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measurement;
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
    `extract bench: ${ROWS.toLocaleString('en-US')} rows x 8 columns, one chunk, DuckDB memory_limit ${MEMORY_LIMIT}, ${THREADS} threads`,
  );
  for (const engine of ['mysql', 'postgres'] as const) {
    const root = mkdtempSync(join(tmpdir(), 'bench-extract-'));
    try {
      await setUp(engine);
      const driver = measure(engine, 'driver', root);
      const ours = measure(engine, 'extract', root);
      const ratio = driver.seconds / ours.seconds;
      const rate = (m: Measurement) => `${Math.round(m.rows / m.seconds).toLocaleString('en-US')} rows/s`;
      console.log(`\n${engine === 'mysql' ? 'MariaDB (mysql2 stream)' : 'PostgreSQL (COPY TO STDOUT)'}`);
      console.log(
        `  bare driver   ${driver.seconds.toFixed(2)} s  ${rate(driver)}  peak RSS ${driver.maxRssMb.toFixed(0)} MB`,
      );
      console.log(
        `  extractChunk  ${ours.seconds.toFixed(2)} s  ${rate(ours)}  peak RSS ${ours.maxRssMb.toFixed(0)} MB` +
          `  (planning before it: ${(ours.planSeconds ?? 0).toFixed(2)} s, not timed)`,
      );
      console.log(
        `  ratio ${ratio.toFixed(2)}x (target >= ${RATIO_TARGET}x: ${ratio >= RATIO_TARGET ? 'met' : 'MISSED'}), ` +
          `peak RSS target <= ${RSS_TARGET_MB} MB: ${ours.maxRssMb <= RSS_TARGET_MB ? 'met' : 'MISSED'}`,
      );
      if (ours.rows !== ROWS || driver.rows !== ROWS) {
        throw new Error(`rows read: extract ${ours.rows}, driver ${driver.rows}; expected ${ROWS}`);
      }
    } finally {
      await tearDown(engine);
      rmSync(root, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
