import type { SourceColumnType } from '../../core/types';

/** DuckDB's widest DECIMAL: a wider NUMERIC is written as text. */
const MAX_DECIMAL_PRECISION = 38;

/** `(p,s)` of a type's text, when it has them. */
function precisionScale(type: SourceColumnType): { precision: number; scale: number } | undefined {
  const match = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(type.columnType ?? '');
  const precision = match?.[1] === undefined ? (type.numericPrecision ?? undefined) : Number(match[1]);
  if (precision === undefined) return undefined;
  const scale =
    match?.[2] === undefined ? (match?.[1] === undefined ? (type.numericScale ?? 0) : 0) : Number(match[2]);
  return { precision, scale };
}

function decimalOrText(type: SourceColumnType): string {
  const numeric = precisionScale(type);
  return numeric === undefined || numeric.precision > MAX_DECIMAL_PRECISION
    ? 'VARCHAR'
    : `DECIMAL(${numeric.precision},${numeric.scale})`;
}

const MYSQL_INTEGERS: Readonly<Record<string, readonly [signed: string, unsigned: string]>> = {
  tinyint: ['TINYINT', 'UTINYINT'],
  smallint: ['SMALLINT', 'USMALLINT'],
  mediumint: ['INTEGER', 'UINTEGER'],
  int: ['INTEGER', 'UINTEGER'],
  integer: ['INTEGER', 'UINTEGER'],
  bigint: ['BIGINT', 'UBIGINT'],
};
const MYSQL_BINARY = new Set([
  'binary',
  'varbinary',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
]);

function mysqlType(type: SourceColumnType): string {
  const name = type.dataType.toLowerCase();
  const integer = MYSQL_INTEGERS[name];
  if (integer !== undefined) return /unsigned/i.test(type.columnType ?? '') ? integer[1] : integer[0];
  if (name === 'decimal' || name === 'numeric') return decimalOrText(type);
  if (name === 'float' || name === 'double' || name === 'real') return 'DOUBLE';
  if (name === 'bit') return precisionScale(type)?.precision === 1 ? 'BOOLEAN' : 'BLOB';
  if (MYSQL_BINARY.has(name)) return 'BLOB';
  if (name === 'date') return 'DATE';
  if (name === 'datetime' || name === 'timestamp') return 'TIMESTAMP';
  if (name === 'year') return 'SMALLINT';
  // TIME is STRING in DMS's MySQL table; CHAR, VARCHAR, TEXT, ENUM, SET are WSTRING, JSON CLOB.
  return 'VARCHAR';
}

const POSTGRES_TYPES: Readonly<Record<string, string>> = {
  int2: 'SMALLINT',
  int4: 'INTEGER',
  int8: 'BIGINT',
  float4: 'FLOAT',
  float8: 'DOUBLE',
  bytea: 'BLOB',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMP',
};

function postgresType(type: SourceColumnType): string {
  const name = type.dataType.toLowerCase();
  if (name === 'numeric') return decimalOrText(type);
  // BOOLEAN is CHAR(5) `true`/`false`; text, varchar, uuid, json, arrays, intervals are strings.
  return POSTGRES_TYPES[name] ?? 'VARCHAR';
}

/**
 * The DuckDB type a capture writes a source column as, so its Parquet type is the one AWS DMS's S3
 * target writes: the source type's DMS type ("Source data types for MySQL", "Source data types
 * for PostgreSQL" in the AWS DMS User Guide), then that DMS type's Parquet type ("Target data
 * types for S3 Parquet", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html#CHAP_Target.S3.DataTypes):
 * INT1…INT8 as INT8…INT64, UINT1…UINT8 as UINT8…UINT64, NUMERIC as DECIMAL, REAL4/REAL8 as
 * FLOAT/DOUBLE, DATE as DATE32, TIME as TIME32, DATETIME as TIMESTAMP (microseconds:
 * `ParquetTimestampInMillisecond` false), BYTES/BLOB as BINARY, BOOLEAN as BOOL, every string
 * and LOB as STRING.
 *
 * Where DuckDB cannot write DMS's exact physical type the value stays exact in the nearest one:
 * TIME as microseconds (DMS: TIME32 milliseconds), a NUMERIC wider than 38 digits as text
 * (PostgreSQL's rule for 39 and more; MySQL allows 65). PostgreSQL `timetz` and `money` keep
 * their text, which DMS may not; unconstrained `numeric` is text (DMS's `MapUnboundedNumericAsString`).
 *
 * @example
 * ```ts
 * dmsParquetType({ engine: 'mysql', dataType: 'bigint', columnType: 'bigint(20) unsigned' }); // 'UBIGINT'
 * dmsParquetType({ engine: 'postgres', dataType: 'bool' }); // 'VARCHAR'
 * ```
 */
export function dmsParquetType(type: SourceColumnType): string {
  return type.engine === 'mysql' ? mysqlType(type) : postgresType(type);
}
