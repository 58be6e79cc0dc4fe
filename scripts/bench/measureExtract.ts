/**
 * The extract bench's measurements, shared by `scripts/bench/extract.ts` (the local test servers)
 * and the integ check's bench function (`test/integ/lambdas/extractBench.ts`: a Lambda with the
 * extract function's memory, in the lake's VPC next to the RDS replica): the bench table, the bare
 * driver streaming the chunk's SELECT and discarding the rows, and `extractChunk` over the same
 * chunk. Each measurement reports the peak RSS of the process it ran in, so run each in a process
 * of its own.
 */
import { availableParallelism } from 'node:os';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openReplicaReader, type ReplicaEndpoint, type ReplicaReader } from '../../lib/adapters/database';
import { parseConfig, type SourceConfig } from '../../lib/config';
import { chunkSelectSql, type ExtractPlan, replicaLanding } from '../../lib/core/extract';
import type { SourceEngine } from '../../lib/core/types';
import { type ExtractDeps, extractChunk } from '../../lib/pipeline/extractChunk';
import { planExtract } from '../../lib/pipeline/planExtract';
import { type CpuClock, cpuSince, readCpuClock } from './cpuClock';
import { median } from './median';

export { EXTRACT_BENCH_TABLE, extractBenchTableSql } from './extractBenchTable';

/** Issue 18: the extract at least 0.8x the bare driver's rows/s. */
export const EXTRACT_RATIO_TARGET = 0.8;

/** Issue 18: the extract's peak RSS at most 512 MB. */
export const EXTRACT_RSS_TARGET_MB = 512;

/** Which side of the comparison a measurement is. */
export type ExtractBenchMode = 'driver' | 'extract';

/** One side of the comparison, measured in its own process. */
export interface ExtractMeasurement {
  readonly engine: SourceEngine;
  readonly mode: ExtractBenchMode;
  readonly rows: number;
  readonly seconds: number;
  /** Planning before the timed part (extract only): a separate step, the replica-plan Lambda. */
  readonly planSeconds?: number;
  readonly maxRssMb: number;
  /** CPU seconds of the measuring process in the timed part: Node's threads and DuckDB's. */
  readonly cpuSeconds: number;
  /**
   * CPU seconds of the whole machine in the timed part (a database server on the same machine
   * included); absent where `/proc/stat` cannot be read.
   */
  readonly machineCpuSeconds?: number;
  /** The cores the process may run on (`os.availableParallelism()`). */
  readonly cores: number;
}

/** The bench table on a replica: where it is and how many rows it holds (read as one chunk). */
export interface ExtractBenchTable {
  readonly endpoint: Omit<ReplicaEndpoint, 'poolSize'>;
  readonly table: string;
  readonly rows: number;
}

/** The bench's source: the bench table alone, read from the replica in one chunk, its title hashed. */
function benchSource(bench: ExtractBenchTable): SourceConfig {
  const { engine, database } = bench.endpoint;
  const config = parseConfig({
    name: 'bench',
    sources: [
      {
        name: 'bench',
        engine,
        database,
        primary: { instanceIdentifier: 'bench' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf',
        defaultMode: 'replica-query',
        tables: [{ name: bench.table, chunkSize: bench.rows, columns: { title: { mask: 'hash' } } }],
      },
    ],
  });
  const [source] = config.sources;
  if (source === undefined) throw new Error('bench config has no source');
  return source;
}

/** The extract's plan of the bench table (a separate state-machine step, timed apart). */
function planBench(bench: ExtractBenchTable, reader: ReplicaReader): Promise<ExtractPlan> {
  const source = benchSource(bench);
  return planExtract(
    {
      source,
      table: source.tables[0] as (typeof source.tables)[number],
      runId: '20261123T030005Z',
      runStart: new Date(),
    },
    { reader },
  );
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A measurement's CPU fields from the CPU time of its timed part. */
function cpuFigures(used: CpuClock): Pick<ExtractMeasurement, 'cpuSeconds' | 'machineCpuSeconds' | 'cores'> {
  return {
    cpuSeconds: used.processSeconds,
    ...(used.machineSeconds === undefined ? {} : { machineCpuSeconds: used.machineSeconds }),
    cores: availableParallelism(),
  };
}

/**
 * The extract path over the whole bench table, one chunk at a time (one, with the bench's chunk
 * size), written through `deps.objectStore`; the plan before it is timed apart.
 *
 * @example
 * ```ts
 * await measureExtract(bench, { objectStore: new FileObjectStore(dir), duckdb, salt: 'bench-salt', tempRoot: dir });
 * ```
 */
export async function measureExtract(
  bench: ExtractBenchTable,
  deps: Omit<ExtractDeps, 'reader'>,
): Promise<ExtractMeasurement> {
  const reader = openReplicaReader({ ...bench.endpoint, poolSize: 1 });
  try {
    const planning = process.hrtime.bigint();
    const planned = await planBench(bench, reader);
    const clock = readCpuClock();
    const started = process.hrtime.bigint();
    let rows = 0;
    for (const chunk of planned.chunks) {
      const result = await extractChunk(
        { plan: planned.plan, chunk, curatedBucket: 'curated' },
        { ...deps, reader },
      );
      rows += result.rows;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const planSeconds = Number(started - planning) / 1e9;
    return {
      engine: bench.endpoint.engine,
      mode: 'extract',
      rows,
      seconds,
      planSeconds,
      maxRssMb: maxRssMb(),
      ...cpuFigures(cpuSince(clock)),
    };
  } finally {
    await reader.close();
  }
}

/**
 * The bare driver streaming the extract's own SELECT of the first chunk and discarding every row:
 * mysql2's `query().stream()` with its default value parsing, and for PostgreSQL
 * `COPY (SELECT …) TO STDOUT` through pg-copy-streams (the fastest way pg reads rows; a
 * row-parsing cursor is ~3x slower). Over TLS, verified as the replica readers verify it, when
 * the endpoint says `tls`.
 *
 * @example
 * ```ts
 * await measureDriver({ endpoint, table: EXTRACT_BENCH_TABLE, rows: 1_000_000 });
 * ```
 */
export async function measureDriver(bench: ExtractBenchTable): Promise<ExtractMeasurement> {
  const { engine, host, port, database, user, password, tls } = bench.endpoint;
  const reader = openReplicaReader({ ...bench.endpoint, poolSize: 1 });
  const planned = await planBench(bench, reader).finally(() => reader.close());
  const [chunk] = planned.chunks;
  if (chunk === undefined) throw new Error(`no chunk planned for ${bench.table}`);
  const select = chunkSelectSql(engine, {
    schema: planned.plan.schema,
    table: planned.plan.table,
    columns: replicaLanding(engine, planned.plan.columns),
    chunk,
  });
  let rows = 0;
  const clock = readCpuClock();
  const started = process.hrtime.bigint();
  if (engine === 'mysql') {
    const connection = mysql.createConnection({
      host,
      port,
      database,
      user,
      password,
      ...(tls ? { ssl: { rejectUnauthorized: true, verifyIdentity: true } } : {}),
    });
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
    const client = new Client({
      host,
      port,
      database,
      user,
      password,
      ssl: tls ? { rejectUnauthorized: true } : false,
    });
    await client.connect();
    const stream = client.query(copyTo(`COPY (${select.sql}) TO STDOUT WITH (FORMAT csv)`));
    await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() }));
    rows = Number(stream.rowCount);
    await client.end();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { engine, mode: 'driver', rows, seconds, maxRssMb: maxRssMb(), ...cpuFigures(cpuSince(clock)) };
}

/** The comparison of the two sides: what to print and whether each target is met. */
export interface ExtractComparison {
  /** The extract's rows/s over the driver's (the driver's median seconds over the extract's: same rows). */
  readonly ratio: number;
  /** The median seconds of each side and the extract's largest peak RSS, for the summary table. */
  readonly driverSeconds: number;
  readonly extractSeconds: number;
  readonly extractRssMb: number;
  readonly ratioMet: boolean;
  readonly rssMet: boolean;
  readonly lines: readonly string[];
}

/** One side's rounds summed up: median seconds and CPU, the largest peak RSS, the spread of seconds. */
function summary(rounds: readonly ExtractMeasurement[]) {
  const machine = rounds.map((m) => m.machineCpuSeconds).filter((value) => value !== undefined);
  const seconds = rounds.map((m) => m.seconds);
  return {
    rows: rounds[0]?.rows ?? 0,
    seconds: median(seconds),
    spread: { min: Math.min(...seconds), max: Math.max(...seconds) },
    cpuSeconds: median(rounds.map((m) => m.cpuSeconds)),
    machineCpuSeconds: machine.length === rounds.length ? median(machine) : undefined,
    cores: rounds[0]?.cores ?? 1,
    maxRssMb: Math.max(...rounds.map((m) => m.maxRssMb)),
    planSeconds: median(rounds.map((m) => m.planSeconds ?? 0)),
  };
}

/**
 * The bench's printed comparison of the bare driver and the extract on the same rows, over one or
 * more rounds a side (medians; the spread of several): each side's seconds, rows/s, peak RSS and
 * CPU (its process's, and the machine's where known), the ratio against
 * {@link EXTRACT_RATIO_TARGET} and the extract's peak RSS against {@link EXTRACT_RSS_TARGET_MB}.
 * Where the machine's CPU is known, a last line says how far CPU alone lets the ratio go: the
 * extract cannot take less than the machine's CPU seconds over its cores.
 *
 * @throws Error when a side has no round, or a round read other row counts than `expectedRows`
 * @example
 * ```ts
 * for (const line of compareExtract([driver], [ours], 1_000_000).lines) console.log(line);
 * ```
 */
export function compareExtract(
  drivers: readonly ExtractMeasurement[],
  extracts: readonly ExtractMeasurement[],
  expectedRows: number,
): ExtractComparison {
  const wrong = [...drivers, ...extracts].filter((m) => m.rows !== expectedRows);
  if (drivers.length === 0 || extracts.length === 0 || wrong.length > 0) {
    const rows = (side: readonly ExtractMeasurement[]) => side.map((m) => m.rows).join(', ') || 'none';
    throw new Error(
      `rows read: extract ${rows(extracts)}, driver ${rows(drivers)}; expected ${expectedRows} in every round`,
    );
  }
  const driver = summary(drivers);
  const ours = summary(extracts);
  const ratio = driver.seconds / ours.seconds;
  const ratioMet = ratio >= EXTRACT_RATIO_TARGET;
  const rssMet = ours.maxRssMb <= EXTRACT_RSS_TARGET_MB;
  const side = (label: string, m: ReturnType<typeof summary>, rounds: number) => {
    const rate = `${Math.round(m.rows / m.seconds).toLocaleString('en-US')} rows/s`;
    const machine = m.machineCpuSeconds === undefined ? '' : `, machine ${m.machineCpuSeconds.toFixed(2)} s`;
    const spread =
      rounds > 1 ? `; ${rounds} rounds ${m.spread.min.toFixed(2)}-${m.spread.max.toFixed(2)} s` : '';
    return `  ${label}${m.seconds.toFixed(2)} s  ${rate}  peak RSS ${m.maxRssMb.toFixed(0)} MB  (CPU: process ${m.cpuSeconds.toFixed(2)} s${machine}${spread})`;
  };
  const lines = [
    drivers[0]?.engine === 'mysql' ? 'MariaDB (mysql2 stream)' : 'PostgreSQL (COPY TO STDOUT)',
    side('bare driver   ', driver, drivers.length),
    `${side('extractChunk  ', ours, extracts.length)}  planning before it: ${ours.planSeconds.toFixed(2)} s, not timed`,
    `  ratio ${ratio.toFixed(2)}x (target >= ${EXTRACT_RATIO_TARGET}x: ${ratioMet ? 'met' : 'MISSED'}), ` +
      `peak RSS target <= ${EXTRACT_RSS_TARGET_MB} MB: ${rssMet ? 'met' : 'MISSED'}`,
  ];
  if (ours.machineCpuSeconds !== undefined) {
    // However well spread over the cores, the extract's CPU time takes at least this long.
    const floor = ours.machineCpuSeconds / ours.cores;
    const needed = (driver.seconds / EXTRACT_RATIO_TARGET) * ours.cores;
    lines.push(
      `  CPU floor: the machine spent ${ours.machineCpuSeconds.toFixed(2)} CPU-s on ${ours.cores} cores during the extract, ` +
        `so it cannot take under ${floor.toFixed(2)} s here (a ratio of at most ${(driver.seconds / floor).toFixed(2)}x); ` +
        `${EXTRACT_RATIO_TARGET}x needs at most ${needed.toFixed(2)} CPU-s`,
    );
  }
  return {
    ratio,
    driverSeconds: driver.seconds,
    extractSeconds: ours.seconds,
    extractRssMb: ours.maxRssMb,
    ratioMet,
    rssMet,
    lines,
  };
}
