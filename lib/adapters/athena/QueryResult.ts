/**
 * One value of a query result, as JSON, typed by its column's type (never by the value, so a
 * column has one JSON type): booleans as booleans; integers of at most 32 bits and floats as
 * numbers (NaN and ±Infinity, which JSON lacks, as the strings `NaN`, `Infinity`,
 * `-Infinity`); BIGINT, HUGEINT and DECIMAL as exact decimal text, since not every value of
 * theirs is a JS number; DuckDB lists and structs as arrays and objects (a MAP as an array of
 * `{key, value}`); everything else as text, as the engine prints it.
 */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | readonly QueryValue[]
  | { readonly [key: string]: QueryValue };

/** One column of a query result: its name and the engine's type name (e.g. `bigint`, `varchar`). */
export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

/** What the engine reports about a finished query; Athena fills all of it, DuckDB none. */
export interface QueryStatistics {
  /** Bytes the query scanned: what Athena bills. */
  readonly dataScannedBytes: number;
  readonly engineExecutionMs: number;
}

/**
 * A finished query's result, the same shape from Athena ({@link AthenaQueryRunner}) and from the
 * local DuckDB catalog, so the CLI prints both the same way.
 */
export interface QueryResult {
  /** Athena's query execution id, or `local`. */
  readonly queryExecutionId: string;
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly QueryValue[])[];
  /** @default - not reported (local queries) */
  readonly statistics?: QueryStatistics;
}
