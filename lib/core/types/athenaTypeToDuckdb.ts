import { TypeMappingError } from '../errors';
import { MAX_DECIMAL_PRECISION } from './decimalMapping';

const SCALARS: Readonly<Record<string, string>> = {
  boolean: 'BOOLEAN',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'FLOAT',
  real: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  string: 'VARCHAR',
  binary: 'BLOB',
};

const ALLOWED = `${Object.keys(SCALARS).join(', ')}, decimal(p,s), varchar(n), char(n), array<type>`;

function fail(athenaType: string, problem: string): TypeMappingError {
  return new TypeMappingError(`athena type "${athenaType}" ${problem}`, {
    engine: 'athena',
    columnType: athenaType,
  });
}

/**
 * The DuckDB type the transform casts to for an Athena type, as a config `cast` gives it.
 * `varchar(n)` and `char(n)` become VARCHAR: Parquet has no length, so the Glue schema built
 * from the written file says `string`.
 *
 * @throws TypeMappingError for a type outside boolean, tinyint, smallint, int/integer, bigint,
 * float/real, double, decimal(p,s) (1 ≤ p ≤ 38, 0 ≤ s ≤ p), date, timestamp, string,
 * varchar(n), char(n), binary and array<type>
 * @example
 * ```ts
 * athenaTypeToDuckdb('decimal(38,10)'); // 'DECIMAL(38,10)'
 * athenaTypeToDuckdb('array<int>'); // 'INTEGER[]'
 * ```
 */
export function athenaTypeToDuckdb(athenaType: string): string {
  const type = athenaType.trim().toLowerCase().replace(/\s+/g, '');
  const scalar = SCALARS[type];
  if (scalar) return scalar;

  const array = /^array<(.+)>$/.exec(type);
  if (array?.[1]) return `${athenaTypeToDuckdb(array[1])}[]`;

  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
      throw fail(
        athenaType,
        `is out of range; allowed is decimal(p,s) with 1 ≤ p ≤ ${MAX_DECIMAL_PRECISION}, 0 ≤ s ≤ p`,
      );
    }
    return `DECIMAL(${precision},${scale})`;
  }

  if (/^(varchar|char)\(\d+\)$/.test(type)) return 'VARCHAR';
  throw fail(athenaType, `is not a type a column can be cast to; allowed: ${ALLOWED}`);
}
