/** The primitive (physical) types of Parquet, plus `LIST` for a repeated group. */
export type ParquetPhysicalType =
  | 'BOOLEAN'
  | 'INT32'
  | 'INT64'
  | 'INT96'
  | 'FLOAT'
  | 'DOUBLE'
  | 'BYTE_ARRAY'
  | 'FIXED_LEN_BYTE_ARRAY'
  | 'LIST';

/**
 * A Parquet column type: the physical type and its logical annotation, in the names of the
 * Parquet spec's LogicalTypes.md (`STRING`, `DATE`, `TIMESTAMP_MICROS`, `DECIMAL(20,0)`,
 * `INT(8,true)`, `LIST`).
 */
export interface ParquetType {
  /** The primitive type, or `LIST` for a list group. */
  readonly physical: ParquetPhysicalType;
  /** The logical annotation, `null` when there is none. */
  readonly logical: string | null;
  /** For `LIST`: the element's type. */
  readonly element?: ParquetType;
}

/** The type a curated Parquet column is written with and registered as in Glue/Athena. */
export interface CuratedType {
  /** The Athena (Glue) column type, e.g. `decimal(20,0)`, `timestamp`, `array<int>`. */
  readonly athenaType: string;
  /** The DuckDB type the transform writes, e.g. `DECIMAL(20,0)`, `TIMESTAMP`, `INTEGER[]`. */
  readonly duckdbType: string;
  /** What DuckDB writes to Parquet for `duckdbType`: never INT96, timestamps always micros. */
  readonly parquet: ParquetType;
}

/** How an RDS snapshot export writes a source type to its Parquet files. */
export interface RdsExportType {
  /** The Parquet primitive type of the export's column. */
  readonly physical: ParquetPhysicalType;
  /** Its logical annotation, `null` when there is none (then DuckDB reads BYTE_ARRAY as BLOB). */
  readonly logical: string | null;
  /** What the AWS documentation says, or that it is silent and what we assume. */
  readonly note: string;
}

/**
 * The exact curated type of one source column and the DuckDB SQL that produces it, from the
 * snapshot export's Parquet and from the replica extract.
 *
 * Every `from*Sql` uses `CAST` and explicit checks, never `TRY_CAST`: a value that does not fit
 * fails the query loudly instead of landing as NULL.
 */
export interface ColumnTypeMapping extends CuratedType {
  /** How the RDS snapshot export represents the column (often not the real type). */
  readonly rdsExport: RdsExportType;
  /**
   * The DuckDB expression that turns the export's column into the curated type.
   *
   * @param expr an already-quoted identifier (or any DuckDB expression) of the export's column
   * @example
   * ```ts
   * mapSourceType({ engine: 'mysql', dataType: 'date' }).fromExportSql('"born"');
   * ```
   */
  fromExportSql(expr: string): string;
  /**
   * The DuckDB expression that turns the replica extract's landed value into the curated type.
   * The extract lands integers up to 32 bits and floats as JS numbers, BIGINT and DECIMAL as
   * their exact decimal text, dates as `YYYY-MM-DD`, timestamps as `YYYY-MM-DD HH:MM:SS[.ffffff]`
   * in UTC (timestamptz with its `+00` offset), times as text, PostgreSQL intervals as ISO 8601
   * (`intervalstyle = iso_8601`), JSON as its text, bytes as BLOB, MySQL BIT as bytes, and
   * PostgreSQL arrays as PostgreSQL's own array text (`{1,2}`).
   *
   * @param expr an already-quoted identifier of the landed column
   */
  fromReplicaSql(expr: string): string;
}
