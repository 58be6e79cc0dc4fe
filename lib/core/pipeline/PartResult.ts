/** One curated Parquet file written for a part. */
export interface WrittenFile {
  /** Object key in the curated bucket (or path under the local lake root). */
  readonly key: string;
  readonly bytes: number;
  readonly rows: number;
  /** Partition key → value of the directory the file sits in. */
  readonly partitionValues: Readonly<Record<string, string>>;
}

/** One column as DuckDB described the Parquet actually written. */
export interface WrittenColumn {
  readonly name: string;
  readonly duckdbType: string;
}

/**
 * What curating one input part produced. Written as a JSON manifest next to the
 * run's data (see `curatedLayout.ts`) so the commit step verifies what landed, not
 * what a state's output claims.
 */
export interface PartResult {
  readonly source: string;
  readonly table: string;
  readonly runId: string;
  /** Index of the input part (export part file or extract chunk), from 0. */
  readonly partIndex: number;
  readonly rows: number;
  readonly files: readonly WrittenFile[];
  /** Data columns in file order (partition keys are not in the files). */
  readonly schema: readonly WrittenColumn[];
  /**
   * Values the part landed as NULL because they were invalid (MySQL zero dates under
   * `invalidDates: null`), by output column.
   *
   * @default - none
   */
  readonly invalidValuesNulled?: Readonly<Record<string, number>>;
}
