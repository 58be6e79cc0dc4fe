/** A DuckDB SQL expression and the DuckDB type it evaluates to. */
export interface TypedSql {
  readonly sql: string;
  /** DuckDB type name, e.g. `VARCHAR`, `DECIMAL(20,0)`, `TIMESTAMP`. */
  readonly duckdbType: string;
}
