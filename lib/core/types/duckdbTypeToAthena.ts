import { TypeMappingError } from '../errors';
import { MAX_DECIMAL_PRECISION } from './decimalMapping';
import { splitTopLevel } from './splitTopLevel';

const SCALARS: Readonly<Record<string, string>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'int',
  BIGINT: 'bigint',
  FLOAT: 'float',
  DOUBLE: 'double',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  VARCHAR: 'string',
  JSON: 'string',
  BLOB: 'binary',
};

/** Types DuckDB can write that Athena would misread or not read, and what to do instead. */
const REJECTED: Readonly<Record<string, string>> = {
  UTINYINT: 'is unsigned; Athena has no unsigned types: cast to SMALLINT before writing',
  USMALLINT: 'is unsigned; Athena has no unsigned types: cast to INTEGER before writing',
  UINTEGER: 'is unsigned; Athena has no unsigned types: cast to BIGINT before writing',
  UBIGINT: 'is unsigned; Athena has no unsigned types: cast to DECIMAL(20,0) before writing',
  UHUGEINT: 'is unsigned; Athena has no unsigned types: cast to DECIMAL(38,0) before writing',
  HUGEINT: 'has no Athena type: cast to DECIMAL(38,0) before writing',
  TIMESTAMP_NS: 'is nanoseconds, which Athena misreads: cast to TIMESTAMP (microseconds) before writing',
  TIMESTAMP_S: 'is seconds: cast to TIMESTAMP (microseconds) before writing',
  TIME: 'has no Athena type in Parquet tables: cast to VARCHAR before writing',
  'TIME WITH TIME ZONE': 'has no Athena type in Parquet tables: cast to VARCHAR before writing',
  INTERVAL: 'has no Athena type: cast to VARCHAR before writing',
  UUID: 'is written as FIXED_LEN_BYTE_ARRAY(16) UUID: cast to VARCHAR before writing',
};

const ALLOWED = `${Object.keys(SCALARS).join(', ')}, DECIMAL(p,s) with p ≤ ${MAX_DECIMAL_PRECISION}, T[], STRUCT(...), MAP(K, V)`;

function fail(duckdbType: string, problem: string): TypeMappingError {
  return new TypeMappingError(`duckdb type "${duckdbType}" ${problem}`, {
    engine: 'duckdb',
    columnType: duckdbType,
  });
}

function structField(field: string, whole: string): string {
  const match = /^(?:"((?:[^"]|"")*)"|([^\s"]+))\s+(.+)$/s.exec(field);
  if (!match?.[3]) throw fail(whole, `has a STRUCT field "${field}" that is not "name TYPE"`);
  const name = match[1]?.replaceAll('""', '"') ?? match[2] ?? '';
  return `${name}:${duckdbTypeToAthena(match[3])}`;
}

/**
 * The Athena (Glue) type of a column in Parquet that DuckDB wrote, from the type name DuckDB's
 * `DESCRIBE` reports when reading that file back. The commit step builds the Glue schema with
 * it from the Parquet actually written, so a type Athena would misread is refused here.
 *
 * @throws TypeMappingError for unsigned integers, HUGEINT, nanosecond or second timestamps,
 * TIME, INTERVAL, UUID, DECIMAL over 38 digits and any unknown type
 * @example
 * ```ts
 * duckdbTypeToAthena('DECIMAL(20,0)'); // 'decimal(20,0)'
 * duckdbTypeToAthena('STRUCT(a INTEGER, b VARCHAR[])'); // 'struct<a:int,b:array<string>>'
 * duckdbTypeToAthena('UBIGINT'); // throws TypeMappingError
 * ```
 */
export function duckdbTypeToAthena(duckdbType: string): string {
  const type = duckdbType.trim();
  const upper = type.toUpperCase().replace(/\s+/g, ' ');

  const list = /^(.+)\[\d*\]$/s.exec(type);
  if (list?.[1]) return `array<${duckdbTypeToAthena(list[1])}>`;

  const struct = /^STRUCT\((.*)\)$/is.exec(type);
  if (struct?.[1] !== undefined) {
    return `struct<${splitTopLevel(struct[1])
      .map((field) => structField(field, duckdbType))
      .join(',')}>`;
  }

  const map = /^MAP\((.*)\)$/is.exec(type);
  if (map?.[1] !== undefined) {
    const [key, value, ...rest] = splitTopLevel(map[1]);
    if (!key || !value || rest.length > 0) throw fail(duckdbType, 'is not MAP(KEY, VALUE)');
    return `map<${duckdbTypeToAthena(key)},${duckdbTypeToAthena(value)}>`;
  }

  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(upper);
  if (decimal) {
    const precision = Number(decimal[1]);
    if (precision > MAX_DECIMAL_PRECISION) {
      throw fail(duckdbType, `has more than ${MAX_DECIMAL_PRECISION} digits, Athena's maximum`);
    }
    return `decimal(${precision},${Number(decimal[2])})`;
  }

  const scalar = SCALARS[upper];
  if (scalar) return scalar;
  const rejected = REJECTED[upper];
  if (rejected) throw fail(duckdbType, rejected);
  throw fail(duckdbType, `is not a type the lake registers in Glue; allowed: ${ALLOWED}`);
}
