/** One value of a query result, typed from the engine's column type. */
export type QueryValue = string | number | boolean | null;

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
