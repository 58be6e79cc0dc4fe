import type { DuckDBInstance } from '@duckdb/node-api';
import type { ObjectStore } from '../adapters/objectStore';
import type { PartResult, TablePlan } from '../core/pipeline';
import type { InvalidValueRecorder } from '../duckdb';
import { publishCuratedPart } from './publishCuratedPart';
import { stageCuratedPart } from './stageCuratedPart';

/** One part's rows, ready in DuckDB, and where its curated files go. */
export interface CuratedPartInput {
  readonly plan: TablePlan;
  /** Index of the part (export part file or extract chunk), from 0: names the files and the manifest. */
  readonly partIndex: number;
  readonly curatedBucket: string;
  /** The curating SELECT (`buildTransformSql`) over the part's landed rows. */
  readonly sql: string;
  /** Its partition columns, outermost first. */
  readonly partitionKeys: readonly string[];
  /** A fresh local directory the curated files are staged in; the caller removes it. */
  readonly workDirectory: string;
  /**
   * The recorder whose id `sql` was built with (`buildTransformSql`'s `invalidValues`): its counts
   * become the part's `invalidValuesNulled`, and under `fail` its value the error.
   *
   * @default - the SQL reports no invalid values
   */
  readonly invalidValues?: InvalidValueRecorder;
}

/** What {@link writeCuratedPart} works with. */
export interface CuratedPartDeps {
  readonly objectStore: ObjectStore;
  readonly duckdb: DuckDBInstance;
  /** Salt of the `hash` mask; empty only when the plan hashes nothing (the caller checks). */
  readonly salt: string;
  /**
   * Turns a failure on the data into the caller's typed error (TransformError, ExtractError).
   *
   * @param message what went wrong
   * @param cause the underlying error, e.g. DuckDB's
   */
  readonly fail: (message: string, cause?: unknown) => Error;
}

/**
 * The tail every curating step shares once DuckDB can read the part's rows: COPY the SELECT to
 * ZSTD Parquet (partitioned as planned), check every written column is a type Athena reads and
 * the files hold the rows COPY reported, upload each file to
 * `runPartitionPrefix(…) + partFileName(partIndex, n)`, remove files an earlier attempt of the
 * same part left beside them, and write the part's {@link PartResult} manifest at `manifestKey`
 * LAST ({@link stageCuratedPart} then {@link publishCuratedPart}). The commit step trusts only
 * manifests, so an attempt killed mid-way leaves no manifest, and a re-run overwrites the same keys.
 *
 * @throws whatever `deps.fail` builds, when DuckDB fails on the data or writes a type Athena cannot read
 * @example
 * ```ts
 * const { sql, partitionKeys } = buildTransformSql(plan, { relation, path: 'replica' });
 * await writeCuratedPart({ plan, partIndex: 0, curatedBucket: 'curated', sql, partitionKeys, workDirectory }, { objectStore, duckdb, salt, fail });
 * ```
 */
export async function writeCuratedPart(input: CuratedPartInput, deps: CuratedPartDeps): Promise<PartResult> {
  return publishCuratedPart(input, await stageCuratedPart(input, deps), deps.objectStore);
}
