/** One column of a catalog table: its name and its Athena (Hive DDL) type, e.g. `decimal(20,0)`. */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * A curated table as the lake registers it in a catalog (Glue, or DuckDB in local mode):
 * engine-neutral, so each catalog adapter builds its own request from it.
 */
export interface CatalogTable {
  readonly name: string;
  /** Data columns in table order (partition keys are not among them). */
  readonly columns: readonly CatalogColumn[];
  /** Partition key names, outermost first; their type is always `string`. */
  readonly partitionKeys: readonly string[];
  /** Where the data is, e.g. `s3://bucket/service/users/run=20261123T030005Z/`. */
  readonly location: string;
  /** Table parameters (Glue `Parameters`), e.g. the committed run id. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** One partition of a catalog table: its values (in partition key order) and where its data is. */
export interface CatalogPartition {
  readonly values: readonly string[];
  readonly location: string;
}

/** A view in a catalog: a name, the SQL that defines it and the columns it returns. */
export interface CatalogView {
  readonly name: string;
  /** The database the SQL's unqualified names resolve in. */
  readonly database: string;
  /** The `SELECT` that defines the view (no `CREATE VIEW`). */
  readonly sql: string;
  /** The columns the SQL returns, in order, with Athena (Hive DDL) types. */
  readonly columns: readonly CatalogColumn[];
  /** Catalog parameters of the view, e.g. the run a table's view shows. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
}
