import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ReplicaReader } from '../adapters/database';
import type { ObjectStore } from '../adapters/objectStore';
import { ExtractError } from '../core/errors';
import { chunkSelectSql, type ExtractChunk, landedRelation, replicaLanding } from '../core/extract';
import type { PartResult, TablePlan } from '../core/pipeline';
import { buildTransformSql } from '../core/transform';
import { writeCuratedPart } from './writeCuratedPart';

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
}

/**
 * Extracts one chunk of a table from the read replica into curated Parquet: streams the chunk's
 * SELECT (only the plan's kept columns, its key bounds and incremental window, ordered by the key)
 * from one pooled session into a local CSV file — PostgreSQL `COPY … TO STDOUT`, the MySQL
 * driver's row stream; never the whole result in memory — then DuckDB reads the file, applies the
 * type mapping's replica SQL, casts and masks, and {@link writeCuratedPart} writes the Parquet
 * under the run prefix and the chunk's manifest last. The session is back in the pool before
 * DuckDB starts, and the temp directory (raw values of masked columns included) is removed
 * whatever happens. Files and manifest are named after `chunk.index`, so a re-run replaces them.
 *
 * @throws ExtractError naming the chunk when the replica query or stream fails, DuckDB cannot
 * convert a value, or a written type is not one Athena reads; or when a hash mask has no salt
 * @example
 * ```ts
 * const result = await extractChunk({ plan, chunk: plan.chunks[0], curatedBucket: 'curated' }, { reader, objectStore, duckdb, salt });
 * ```
 */
export async function extractChunk(task: ExtractTask, deps: ExtractDeps): Promise<PartResult> {
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
  try {
    const landing = replicaLanding(deps.reader.engine, plan.columns);
    const query = chunkSelectSql(deps.reader.engine, {
      schema: plan.schema,
      table: plan.table,
      columns: landing,
      chunk,
    });
    const csv = join(work, 'chunk.csv');
    try {
      await deps.reader.copyToCsv(query, csv);
    } catch (error) {
      throw fail(
        `reading the replica failed: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    const { sql, partitionKeys } = buildTransformSql(plan, {
      relation: landedRelation(csv, landing),
      path: 'replica',
    });
    return await writeCuratedPart(
      {
        plan,
        partIndex: chunk.index,
        curatedBucket: task.curatedBucket,
        sql,
        partitionKeys,
        workDirectory: work,
      },
      { objectStore: deps.objectStore, duckdb: deps.duckdb, salt: deps.salt, fail },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
