import type { SourceColumnType } from './SourceColumnType';
import type { SourceEngine } from './SourceEngine';

/**
 * The catalog query of each engine: one row per column of `(schema, table)`, in table order,
 * with the aliases of {@link SourceColumnRow}. MySQL takes `?` parameters, PostgreSQL `$1, $2`.
 * PostgreSQL reads `pg_type` too: `information_schema` says only `USER-DEFINED` for an enum and
 * `ARRAY` for an array, and `format_type` keeps the modifiers (`numeric(12,2)`, `integer[]`).
 * `format_type` prints one `[]` whatever the dimensions, so the declared ones (`attndims`: 2 for
 * `int[][]`) are added: `integer[][]`.
 */
export const SOURCE_COLUMNS_SQL: Readonly<Record<SourceEngine, string>> = {
  mysql: `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType,
    NUMERIC_PRECISION AS numericPrecision, NUMERIC_SCALE AS numericScale,
    DATETIME_PRECISION AS datetimePrecision, CHARACTER_MAXIMUM_LENGTH AS charMaxLength
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
  postgres: `SELECT a.attname AS name, t.typname AS "dataType", format_type(a.atttypid, a.atttypmod) || repeat('[]', greatest(a.attndims - 1, 0)) AS "columnType",
    c.numeric_precision AS "numericPrecision", c.numeric_scale AS "numericScale",
    c.datetime_precision AS "datetimePrecision", c.character_maximum_length AS "charMaxLength",
    (t.typtype = 'e' OR coalesce(e.typtype = 'e', false)) AS "isEnum"
  FROM information_schema.columns c
  JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
   AND a.attname = c.column_name
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typelem <> 0
  WHERE c.table_schema = $1 AND c.table_name = $2
  ORDER BY c.ordinal_position`,
};

/** A value as a driver hands it over: text (every value as text), a number or a boolean. */
type CatalogValue = string | number | boolean | null | undefined;

/** One row of {@link SOURCE_COLUMNS_SQL}, whatever the driver made of its values. */
export interface SourceColumnRow {
  readonly name?: CatalogValue;
  readonly dataType?: CatalogValue;
  readonly columnType?: CatalogValue;
  readonly numericPrecision?: CatalogValue;
  readonly numericScale?: CatalogValue;
  readonly datetimePrecision?: CatalogValue;
  readonly charMaxLength?: CatalogValue;
  /** PostgreSQL only: `true`, or `t` when the driver returns text. */
  readonly isEnum?: CatalogValue;
}

/** A source column as its catalog describes it. */
export interface SourceCatalogColumn {
  readonly name: string;
  readonly type: SourceColumnType;
  /** `CHARACTER_MAXIMUM_LENGTH`, for character types; null otherwise. */
  readonly charMaxLength: number | null;
}

function numberOrNull(value: CatalogValue): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Turns one row of {@link SOURCE_COLUMNS_SQL} into the column's name and
 * {@link SourceColumnType}, so every reader of a source catalog (the replica readers and the
 * simulated export) reads types the same way.
 *
 * @example
 * ```ts
 * sourceColumnFromRow('postgres', { name: 'tags', dataType: '_text', columnType: 'text[]', isEnum: 'f' });
 * // { name: 'tags', type: { engine: 'postgres', column: 'tags', dataType: '_text', columnType: 'text[]', …, userDefinedEnum: false }, charMaxLength: null }
 * ```
 */
export function sourceColumnFromRow(engine: SourceEngine, row: SourceColumnRow): SourceCatalogColumn {
  const name = String(row.name ?? '');
  const type: SourceColumnType = {
    engine,
    column: name,
    dataType: String(row.dataType ?? ''),
    columnType: row.columnType === null || row.columnType === undefined ? undefined : String(row.columnType),
    numericPrecision: numberOrNull(row.numericPrecision),
    numericScale: numberOrNull(row.numericScale),
    datetimePrecision: numberOrNull(row.datetimePrecision),
    ...(engine === 'postgres' ? { userDefinedEnum: row.isEnum === true || row.isEnum === 't' } : {}),
  };
  return { name, type, charMaxLength: numberOrNull(row.charMaxLength) };
}
