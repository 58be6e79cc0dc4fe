import type { SourceEngine } from './SourceEngine';

/**
 * One source column's type as the catalog of the source database reports it: the input of
 * {@link mapSourceType}.
 *
 * For MySQL read `information_schema.COLUMNS`: `dataType` is `DATA_TYPE` (`bigint`), `columnType`
 * is `COLUMN_TYPE` (`bigint(20) unsigned`, `tinyint(1)`, `enum('a','b')`). For PostgreSQL give
 * `format_type(atttypid, atttypmod)` as `columnType` (`character varying(255)`, `numeric(20,4)`,
 * `integer[]`, `timestamp(3) with time zone`) and `information_schema.columns.udt_name` (`int4`,
 * `_int4`, an enum's name) or `data_type` as `dataType`.
 *
 * @example
 * ```ts
 * const id: SourceColumnType = { engine: 'mysql', column: 'id', dataType: 'bigint', columnType: 'bigint(20) unsigned' };
 * const tags: SourceColumnType = { engine: 'postgres', column: 'tags', dataType: '_text', columnType: 'text[]' };
 * const mood: SourceColumnType = { engine: 'postgres', column: 'mood', dataType: 'mood', columnType: 'mood', userDefinedEnum: true };
 * ```
 */
export interface SourceColumnType {
  /** The source engine. */
  readonly engine: SourceEngine;
  /**
   * The column name, used in error messages only.
   *
   * @default - errors name the type only
   */
  readonly column?: string;
  /** The bare type name: MySQL `DATA_TYPE`, PostgreSQL `udt_name` or `data_type`. */
  readonly dataType: string;
  /**
   * The full type text with its modifiers: MySQL `COLUMN_TYPE`, PostgreSQL `format_type(...)`.
   * PostgreSQL does not record array dimensions, so write `integer[][]` here for a 2-D array.
   *
   * @default - `dataType`
   */
  readonly columnType?: string;
  /**
   * `NUMERIC_PRECISION`, used for DECIMAL/NUMERIC when `columnType` has no `(p,s)`.
   *
   * @default - read from `columnType`
   */
  readonly numericPrecision?: number | null;
  /**
   * `NUMERIC_SCALE`, used with `numericPrecision`.
   *
   * @default - read from `columnType`, else 0
   */
  readonly numericScale?: number | null;
  /**
   * `DATETIME_PRECISION` (fractional second digits). Informational: every timestamp is
   * curated as microseconds, which holds all six digits either engine keeps.
   *
   * @default - not used
   */
  readonly datetimePrecision?: number | null;
  /**
   * True when the PostgreSQL type (or an array's element type) is a user-defined enum
   * (`pg_type.typtype = 'e'`); the catalog's `data_type` says only `USER-DEFINED`.
   *
   * @default false
   */
  readonly userDefinedEnum?: boolean;
}
