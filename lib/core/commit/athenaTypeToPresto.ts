import { TypeMappingError } from '../errors';
import { splitTopLevel } from '../types/splitTopLevel';
import { normalizeAthenaType } from './normalizeAthenaType';

/**
 * Hive DDL names → the Trino names Athena engine v3 reports for a Glue column. Glue
 * `timestamp` columns read as millisecond timestamps in Athena engine v3.
 */
const SCALARS: Readonly<Record<string, string>> = {
  boolean: 'boolean',
  tinyint: 'tinyint',
  smallint: 'smallint',
  int: 'integer',
  bigint: 'bigint',
  float: 'real',
  double: 'double',
  date: 'date',
  timestamp: 'timestamp(3)',
  string: 'varchar',
  binary: 'varbinary',
};

function fail(type: string): TypeMappingError {
  return new TypeMappingError(
    `athena type "${type}" has no Trino type for a view column; allowed: ${Object.keys(SCALARS).join(', ')}, decimal(p,s), char(n), varchar(n), array<T>, map<K,V>, struct<name:T,…>`,
    { engine: 'athena', columnType: type },
  );
}

function convert(type: string, whole: string): string {
  const scalar = SCALARS[type];
  if (scalar) return scalar;
  if (/^(decimal|char|varchar)\(\d+(,\d+)?\)$/.test(type)) return type;
  const nested = /^(array|map|struct)<(.*)>$/.exec(type);
  if (!nested?.[2]) throw fail(whole);
  const parts = splitTopLevel(nested[2]);
  if (nested[1] === 'array' && parts.length === 1) return `array(${convert(nested[2], whole)})`;
  if (nested[1] === 'map' && parts.length === 2) {
    return `map(${parts.map((part) => convert(part, whole)).join(', ')})`;
  }
  if (nested[1] === 'struct') {
    const fields = parts.map((field) => {
      const colon = field.indexOf(':');
      if (colon < 1) throw fail(whole);
      return `${field.slice(0, colon)} ${convert(field.slice(colon + 1), whole)}`;
    });
    return `row(${fields.join(', ')})`;
  }
  throw fail(whole);
}

/**
 * The Trino (Presto) type Athena reports for a Glue column of Athena DDL type `type`: what a
 * Presto view's definition must declare for that column, or Athena calls the view stale.
 *
 * @throws TypeMappingError for a type the lake does not register
 * @example
 * ```ts
 * athenaTypeToPresto('string'); // 'varchar'
 * athenaTypeToPresto('struct<a:int,b:array<string>>'); // 'row(a integer, b array(varchar))'
 * ```
 */
export function athenaTypeToPresto(type: string): string {
  return convert(normalizeAthenaType(type), type);
}
