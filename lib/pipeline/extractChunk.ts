import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ReplicaReader } from '../adapters/database';
import type { ObjectStore } from '../adapters/objectStore';
import { ConversionFailure, CsvReadError, ExtractError, ReplicaSessionError } from '../core/errors';
import {
  type CsvRead,
  type ExtractChunk,
  landedChunkQuery,
  landedRelation,
  REPLICA_ROW_LIMITS,
  type SourceQuery,
} from '../core/extract';
import type { PartResult, TablePlan } from '../core/pipeline';
import { buildTransformSql } from '../core/transform';
import { duckdbThreads, openInvalidValueRecorder, withConnection } from '../duckdb';
import { CsvPipeFanOut } from './CsvPipeFanOut';
import { chunkLargestRow } from './chunkLargestRow';
import { createCsvPipe } from './createCsvPipe';
import { replicaFailingRowKey } from './failingRowKey';
import { publishCuratedPart } from './publishCuratedPart';
import { type StagedCuratedPart, stageCuratedPart } from './stageCuratedPart';
import type { CuratedPartInput } from './writeCuratedPart';

/**
 * A row up to this long (estimated from its values' sizes, at most twice as long as CSV) is read
 * by DuckDB's parallel reader: its refusal of such a chunk is no long row's, so it is not read again.
 */
const SHORT_ROW_BYTES = 1024 * 1024;

/** One chunk of a table's replica run. Plain JSON: what the state machine sends per chunk. */
export interface ExtractTask {
  readonly plan: TablePlan;
  readonly chunk: ExtractChunk;
  readonly curatedBucket: string;
}

/** What {@link extractChunk} works with, built once per container by the caller. */
export interface ExtractDeps {
  /** The replica of the plan's source; its pool bounds the sessions this chunk can use. */
  readonly reader: ReplicaReader;
  readonly objectStore: ObjectStore;
  readonly duckdb: DuckDBInstance;
  /** Salt of the `hash` mask; required (non-empty) when the plan hashes a column. */
  readonly salt: string;
  /**
   * Where the chunk's CSV and curated files are staged.
   *
   * @default - the OS temp directory (`/tmp` in Lambda)
   */
  readonly tempRoot?: string;
  /**
   * Longest wait for DuckDB to open a first chunk pipe (and, once every row is sent, the rest) before the extract fails.
   *
   * @default 60000
   */
  readonly pipeOpenTimeoutMs?: number;
  /**
   * How a chunk with a row longer than the first (parallel) read takes is read again.
   *
   * @default REPLICA_ROW_LIMITS.wide - serially, lines up to 160 MiB
   */
  readonly wideRead?: CsvRead;
}

/**
 * Extracts one chunk of a table from the read replica into curated Parquet: streams the chunk's
 * SELECT (only the plan's kept columns, its key bounds and incremental window, ordered by the key)
 * from one pooled session as CSV — PostgreSQL `COPY … TO STDOUT`, the MySQL driver's row stream;
 * never the whole result in memory — into named pipes, one per DuckDB thread and fed whole
 * records by {@link CsvPipeFanOut}, that DuckDB reads AT THE SAME TIME (one thread per pipe; over a
 * single pipe its whole pipeline would run on one thread), applying the type mapping's replica SQL, casts and masks and writing ZSTD Parquet
 * ({@link stageCuratedPart}), so the chunk takes about as long as the slower of the two rather
 * than their sum, and no CSV ever lands on disk. Only when both sides succeeded and DuckDB wrote
 * every row the replica sent does {@link publishCuratedPart} upload the files under the run
 * prefix and write the chunk's manifest last. A stream failure ends the pipes and drops whatever
 * DuckDB wrote; a DuckDB failure aborts the stream and destroys its session. The temp directory
 * (raw values of masked columns included) is removed whatever happens. Files and manifest are
 * named after `chunk.index`, so a re-run replaces them. A chunk holding a row longer than the
 * parallel read takes (2 MiB as CSV) is read once more, serially over one pipe with wide buffers
 * (`REPLICA_ROW_LIMITS.wide`: rows up to 160 MiB as CSV, a value up to 64 MiB); a row longer still
 * fails naming its key and the columns that made it long ({@link chunkLargestRow}).
 *
 * @throws ExtractError naming the chunk when the replica query or stream fails, DuckDB cannot
 * convert a value, the row counts differ, or a written type is not one Athena reads; or when a
 * hash mask has no salt
 * @example
 * ```ts
 * const result = await extractChunk({ plan, chunk: plan.chunks[0], curatedBucket: 'curated' }, { reader, objectStore, duckdb, salt });
 * ```
 */
export async function extractChunk(task: ExtractTask, deps: ExtractDeps): Promise<PartResult> {
  let refused: ExtractError & { cause: CsvReadError };
  try {
    return await extractChunkAs(REPLICA_ROW_LIMITS.narrow, task, deps);
  } catch (error) {
    if (!isCsvRefusal(error)) throw error;
    refused = error;
  }
  // DuckDB's parallel reader refuses long rows (over its buffer, or straddling two): read the chunk
  // again, serially, with wide buffers; unless its rows are short (the refusal is no long row's),
  // or its largest row is over even the wide read (fail naming it, before streaming a row the
  // extract could run out of memory on).
  const wide = deps.wideRead ?? REPLICA_ROW_LIMITS.wide;
  const maxLineBytes = wide.maxLineBytes ?? wide.bufferBytes;
  const largest = await chunkLargestRow(task, deps.reader);
  if (largest !== undefined && largest.csvBytes <= SHORT_ROW_BYTES) throw refused;
  if (largest !== undefined && largest.csvBytes > maxLineBytes) throw largest.tooLong(maxLineBytes);
  try {
    return await extractChunkAs(wide, task, deps);
  } catch (error) {
    // Only a line DuckDB measured over the limit is a row too long; anything else stays as it is.
    if (!isCsvRefusal(error) || error.cause.lineBytes === undefined) throw error;
    throw largest?.tooLong(maxLineBytes, error.cause) ?? error;
  }
}

/** Whether an extract failed because DuckDB's CSV reader refused the landed CSV. */
function isCsvRefusal(error: unknown): error is ExtractError & { cause: CsvReadError } {
  return error instanceof ExtractError && error.cause instanceof CsvReadError;
}

/** One read of {@link extractChunk}: a parallel one over a pipe per DuckDB thread, or a serial one over one pipe. */
async function extractChunkAs(read: CsvRead, task: ExtractTask, deps: ExtractDeps): Promise<PartResult> {
  const { plan, chunk } = task;
  const fail = (message: string, cause?: unknown) =>
    new ExtractError(
      message,
      { source: plan.source, table: plan.table, runId: plan.runId, chunk: chunk.index },
      { cause },
    );
  if (plan.columns.some((column) => column.mask?.kind === 'hash') && deps.salt === '') {
    throw fail('the plan hashes a column but the mask salt is empty');
  }

  const work = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'extract-'));
  const invalidValues = openInvalidValueRecorder(plan.invalidDates ?? 'null');
  try {
    const { landing, query } = landedChunkQuery(deps.reader.engine, plan, chunk);
    // One pipe per DuckDB thread: DuckDB reads each pipe on one thread, in parallel; a serial read takes one.
    const threads = read.serial ? 1 : await withConnection(deps.duckdb, duckdbThreads);
    const fifos = Array.from({ length: threads }, (_, index) => join(work, `chunk-${index}.csv`));
    await Promise.all(fifos.map(createCsvPipe));
    const { sql, partitionKeys } = buildTransformSql(plan, {
      relation: landedRelation(fifos, landing, read),
      path: 'replica',
      readerHashed: true,
      invalidValues: invalidValues.id,
    });
    const input = {
      plan,
      partIndex: chunk.index,
      curatedBucket: task.curatedBucket,
      sql,
      partitionKeys,
      workDirectory: work,
      invalidValues,
    };
    let staged: StagedCuratedPart;
    try {
      staged = await streamAndStage(deps, query, fifos, input, fail);
    } catch (error) {
      // A value that does not convert: read the chunk once more to find its row's key.
      if (!(error instanceof ExtractError && error.cause instanceof ConversionFailure)) throw error;
      const row = await replicaFailingRowKey(deps, plan, chunk, work, error.cause.columnIndex);
      const failure = error.cause.atRow(row);
      throw fail(failure.message, failure);
    }
    return await publishCuratedPart(input, staged, deps.objectStore);
  } finally {
    invalidValues.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Runs the replica stream and DuckDB's COPY at once over the FIFOs and settles only when both
 * have: a stream failure closes the pipes (DuckDB reads end-of-file and stops; its output is
 * dropped), a DuckDB failure aborts the stream (its session is destroyed). Nothing is published
 * unless both succeeded and DuckDB read every row the replica sent.
 */
async function streamAndStage(
  deps: ExtractDeps,
  query: SourceQuery,
  fifos: readonly string[],
  input: CuratedPartInput,
  fail: (message: string, cause?: unknown) => Error,
): Promise<StagedCuratedPart> {
  const abort = new AbortController();
  let duckdbSettled = false;
  let streamFailed = false;
  const staging = stageCuratedPart(input, { duckdb: deps.duckdb, salt: deps.salt, fail }).finally(() => {
    duckdbSettled = true;
  });
  // DuckDB failed first: stop the replica stream rather than let it fill the pipes.
  staging.catch(() => {
    if (!streamFailed) abort.abort();
  });
  const target = new CsvPipeFanOut(fifos, { gaveUp: () => duckdbSettled, timeoutMs: deps.pipeOpenTimeoutMs });
  const sending = (async () => {
    try {
      return await deps.reader.copyToCsv(query, target, { signal: abort.signal, maskKey: deps.salt });
    } catch (error) {
      // Before DuckDB opened every pipe, a stream failure also fails DuckDB (its pipes are released).
      streamFailed = !duckdbSettled;
      throw error;
    } finally {
      target.destroy();
    }
  })();

  const [sent, landed] = await Promise.allSettled([sending, staging]);
  // Whichever side failed first is the cause: DuckDB (the stream was aborted for it), else the stream.
  // The CSV reader's refusal is DuckDB's own failure, even when its closed pipe failed the stream
  // first (EPIPE); but not when the replica session itself failed: the CSV it cut short is what
  // DuckDB refused.
  const sessionFailed = sent.status === 'rejected' && sent.reason instanceof ReplicaSessionError;
  if (
    landed.status === 'rejected' &&
    (abort.signal.aborted || sent.status === 'fulfilled' || (isCsvRefusal(landed.reason) && !sessionFailed))
  ) {
    throw landed.reason;
  }
  if (sent.status === 'rejected') {
    const error: unknown = sent.reason;
    throw fail(
      `reading the replica failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  if (landed.status === 'rejected') throw landed.reason;
  if (landed.value.rows !== sent.value) {
    // Measured: DuckDB's parallel reader wrote 0 of 1 row whose line (134 MiB) it should have refused.
    throw fail(
      `the replica sent ${sent.value} rows but DuckDB wrote ${landed.value.rows}`,
      new CsvReadError({}),
    );
  }
  return landed.value;
}
