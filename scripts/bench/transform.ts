/**
 * Transform benchmark: rows/s and peak RSS of our transform path (transformPart over a
 * FileObjectStore, one DuckDB thread) against DuckDB's own `COPY (SELECT …) TO … (FORMAT parquet)`
 * of the same SELECT on one thread, on export-shaped parts of a wide-ish marketplace table.
 *
 * Each measurement runs in its own child process, so its peak RSS (`process.resourceUsage().maxRSS`)
 * is its own; the fastest of three runs per side is kept for 1M rows. Usage: `npm run bench` (1M rows) or `npm run bench -- --10m` (also 10M rows).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TablePlan } from '../../lib/core/pipeline';
import { buildTransformSql, quoteLiteral } from '../../lib/core/transform';
import { memoryLimitForLambda, openDuckdb, setMaskKey, withConnection } from '../../lib/duckdb';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { transformPart } from '../../lib/pipeline/transformPart';
import { recordTarget } from './targets';

/** DuckDB's memory limit in both runs: what a 512 MB transform Lambda would get. */
const MEMORY_LIMIT = memoryLimitForLambda(512);
const SALT = 'bench-salt';
const RATIO_TARGET = 0.8;
const RSS_TARGET_MB = 512;

const text = { athenaType: 'string', duckdbType: 'VARCHAR' };
const pg = (dataType: string, columnType = dataType) => ({
  engine: 'postgres' as const,
  dataType,
  columnType,
});

/** A PostgreSQL marketplace table as planned: two masked columns, a cast, decimals and times from text. */
const PLAN: TablePlan = {
  source: 'service',
  database: 'marketplace',
  schema: 'public',
  table: 'items',
  runId: '20261123T030005Z',
  columns: [
    {
      source: 'id',
      output: 'id',
      sourceType: pg('int8', 'bigint'),
      athenaType: 'bigint',
      duckdbType: 'BIGINT',
    },
    {
      source: 'seller_id',
      output: 'seller_id',
      sourceType: pg('int4', 'integer'),
      athenaType: 'int',
      duckdbType: 'INTEGER',
    },
    { source: 'title', output: 'title', sourceType: pg('text'), ...text },
    {
      source: 'description',
      output: 'description',
      sourceType: pg('text'),
      ...text,
      mask: { kind: 'truncate', length: 20 },
    },
    {
      source: 'email',
      output: 'email_hash',
      sourceType: pg('varchar', 'character varying(255)'),
      ...text,
      mask: { kind: 'hash' },
    },
    {
      source: 'phone',
      output: 'phone',
      sourceType: pg('varchar', 'character varying(20)'),
      ...text,
      mask: { kind: 'redact' },
    },
    {
      source: 'price',
      output: 'price',
      sourceType: pg('numeric', 'numeric(12,2)'),
      athenaType: 'decimal(12,2)',
      duckdbType: 'DECIMAL(12,2)',
    },
    {
      source: 'fee_rate',
      output: 'fee_rate',
      sourceType: pg('numeric', 'numeric(5,4)'),
      athenaType: 'decimal(5,4)',
      duckdbType: 'DECIMAL(5,4)',
    },
    { source: 'status', output: 'status', sourceType: pg('text'), ...text },
    {
      source: 'view_count',
      output: 'view_count',
      sourceType: pg('int4', 'integer'),
      athenaType: 'bigint',
      duckdbType: 'BIGINT',
      cast: 'bigint',
    },
    {
      source: 'listed_on',
      output: 'listed_on',
      sourceType: pg('date'),
      athenaType: 'date',
      duckdbType: 'DATE',
    },
    {
      source: 'created_at',
      output: 'created_at',
      sourceType: pg('timestamp', 'timestamp(6) without time zone'),
      athenaType: 'timestamp',
      duckdbType: 'TIMESTAMP',
    },
    {
      source: 'updated_at',
      output: 'updated_at',
      sourceType: pg('timestamptz', 'timestamp with time zone'),
      athenaType: 'timestamp',
      duckdbType: 'TIMESTAMP',
    },
  ],
  dropped: [],
  excludedNewColumns: [],
  includedNewColumns: [],
  partitionKeys: [],
  expectedRows: 0,
};

/** The export's representation: integers as integers; numeric, date and timestamps as text. */
function exportPartSql(rows: number): string {
  return `SELECT
    i::BIGINT AS id,
    (i % 100000)::INTEGER AS seller_id,
    '중고 상품 ' || i || ' 팝니다 😀 거의 새것' AS title,
    '설명: 직거래 가능, 택배비 별도. Item ' || i || ' in good condition, no scratches, original box included.' AS description,
    'user' || i || '@example.com' AS email,
    '010-' || lpad((i % 10000)::VARCHAR, 4, '0') || '-' || lpad(((i * 7) % 10000)::VARCHAR, 4, '0') AS phone,
    CAST(CAST((i * 37) % 100000000 AS DECIMAL(12,0)) / 100 AS DECIMAL(12,2))::VARCHAR AS price,
    CAST(CAST(i % 10000 AS DECIMAL(5,0)) / 10000 AS DECIMAL(5,4))::VARCHAR AS fee_rate,
    (['new', 'reserved', 'sold', 'hidden'])[i % 4 + 1] AS status,
    (i % 5000)::INTEGER AS view_count,
    strftime(DATE '2020-01-01' + (i % 2000)::INTEGER, '%Y-%m-%d') AS listed_on,
    strftime(TIMESTAMP '2020-01-01' + to_microseconds(i * 1000003), '%Y-%m-%d %H:%M:%S.%f') AS created_at,
    strftime(TIMESTAMP '2020-01-01' + to_microseconds(i * 2000003), '%Y-%m-%d %H:%M:%S.%f') || '+09' AS updated_at
  FROM range(${rows}) AS t(i)`;
}

interface Measurement {
  readonly mode: 'transform' | 'copy';
  readonly rows: number;
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Child: our path, the part in a FileObjectStore bucket, curated into another. */
async function runTransform(root: string, rows: number): Promise<Measurement> {
  const duckdb = await openDuckdb({
    memoryLimit: MEMORY_LIMIT,
    tempDirectory: join(root, 'spill'),
    threads: 1,
  });
  const store = new FileObjectStore(join(root, 'lake'));
  const started = process.hrtime.bigint();
  const result = await transformPart(
    { plan: PLAN, part: { bucket: 'raw', key: 'part-00000.parquet', index: 0 }, curatedBucket: 'curated' },
    { objectStore: store, duckdb, salt: SALT, tempRoot: root },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.rows !== rows) throw new Error(`transform wrote ${result.rows} rows, expected ${rows}`);
  return { mode: 'transform', rows, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Child: DuckDB's own COPY of the same SELECT to one Parquet file, defaults otherwise. */
async function runCopy(root: string, rows: number): Promise<Measurement> {
  const duckdb = await openDuckdb({
    memoryLimit: MEMORY_LIMIT,
    tempDirectory: join(root, 'spill'),
    threads: 1,
  });
  const input = join(root, 'lake', 'raw', 'part-00000.parquet');
  const { sql } = buildTransformSql(PLAN, {
    relation: `read_parquet(${quoteLiteral(input)})`,
    path: 'export',
  });
  const started = process.hrtime.bigint();
  await withConnection(duckdb, async (connection) => {
    await setMaskKey(connection, SALT);
    await connection.run(`COPY (${sql}) TO ${quoteLiteral(join(root, 'copy.parquet'))} (FORMAT parquet)`);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { mode: 'copy', rows, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Runs one measurement in a fresh Node process and parses its JSON line. */
function measure(mode: Measurement['mode'], root: string, rows: number): Measurement {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', __filename, '--child', mode, root, String(rows)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

/**
 * The machine is shared, so each side is measured several times and its
 * fastest run kept (the run least disturbed by other load); peak RSS is the highest seen.
 */
function best(repeats: number, run: () => Measurement): Measurement {
  const runs = Array.from({ length: repeats }, run);
  const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, maxRssMb: Math.max(...runs.map((m) => m.maxRssMb)) };
}

/** Three runs of each side for 1M rows, one for larger parts (each takes half a minute). */
function repeatsFor(rows: number): number {
  return rows <= 1_000_000 ? 3 : 1;
}

async function generatePart(root: string, rows: number): Promise<string> {
  mkdirSync(join(root, 'lake', 'raw'), { recursive: true });
  const file = join(root, 'lake', 'raw', 'part-00000.parquet');
  const duckdb = await openDuckdb({ threads: 2 });
  await withConnection(duckdb, (connection) =>
    connection.run(
      `COPY (${exportPartSql(rows)}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION snappy)`,
    ),
  );
  duckdb.closeSync();
  return file;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, mode, root, rows] = args;
    const run = mode === 'transform' ? runTransform : runCopy;
    console.log(JSON.stringify(await run(root as string, Number(rows))));
    return;
  }
  const sizes = args.includes('--10m') ? [1_000_000, 10_000_000] : [1_000_000];
  console.log(
    `transform bench: ${PLAN.columns.length} columns, DuckDB memory_limit ${MEMORY_LIMIT}, 1 thread`,
  );
  for (const rows of sizes) {
    const root = mkdtempSync(join(tmpdir(), 'bench-transform-'));
    try {
      const part = await generatePart(root, rows);
      const ours = best(repeatsFor(rows), () => measure('transform', root, rows));
      const copy = best(repeatsFor(rows), () => measure('copy', root, rows));
      const ratio = copy.seconds / ours.seconds;
      const rate = (m: Measurement) => `${Math.round(m.rows / m.seconds).toLocaleString('en-US')} rows/s`;
      console.log(
        `\n${rows.toLocaleString('en-US')} rows (export part ${(statSync(part).size / 1e6).toFixed(0)} MB)`,
      );
      console.log(
        `  transformPart    ${ours.seconds.toFixed(2)} s  ${rate(ours)}  peak RSS ${ours.maxRssMb.toFixed(0)} MB`,
      );
      console.log(
        `  DuckDB COPY      ${copy.seconds.toFixed(2)} s  ${rate(copy)}  peak RSS ${copy.maxRssMb.toFixed(0)} MB`,
      );
      console.log(
        `  ratio ${ratio.toFixed(2)}x (target >= ${RATIO_TARGET}x: ${ratio >= RATIO_TARGET ? 'met' : 'MISSED'}), ` +
          `peak RSS target <= ${RSS_TARGET_MB} MB: ${ours.maxRssMb <= RSS_TARGET_MB ? 'met' : 'MISSED'}`,
      );
      const step = `transform, ${rows.toLocaleString('en-US')} rows`;
      recordTarget({
        step,
        ours: rate(ours),
        reference: `DuckDB COPY ${rate(copy)}`,
        measured: `${ratio.toFixed(2)}x`,
        target: `>= ${RATIO_TARGET}x`,
        met: ratio >= RATIO_TARGET,
      });
      recordTarget({
        step: `${step}, peak RSS`,
        ours: `${ours.maxRssMb.toFixed(0)} MB`,
        reference: '-',
        measured: `${ours.maxRssMb.toFixed(0)} MB`,
        target: `<= ${RSS_TARGET_MB} MB`,
        met: ours.maxRssMb <= RSS_TARGET_MB,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
