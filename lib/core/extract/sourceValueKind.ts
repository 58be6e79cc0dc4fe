import { mapSourceType, type SourceColumnType } from '../types';

/** Integer types of 32 bits or less, and BIGINT, by engine (MySQL `DATA_TYPE`, PostgreSQL `udt_name`/`data_type`). */
const INTEGERS: Readonly<Record<SourceColumnType['engine'], ReadonlySet<string>>> = {
  mysql: new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'bool', 'boolean', 'year']),
  postgres: new Set(['int2', 'int4', 'int8', 'smallint', 'integer', 'bigint']),
};

const TIMES: Readonly<Record<SourceColumnType['engine'], ReadonlySet<string>>> = {
  mysql: new Set(['date', 'datetime', 'timestamp']),
  postgres: new Set([
    'date',
    'timestamp',
    'timestamptz',
    'timestamp without time zone',
    'timestamp with time zone',
  ]),
};

/**
 * How a source column's values travel as text from the replica:
 *
 * - `integer`: an integer type (MySQL's YEAR and TINYINT(1) included); compared exactly as an inlined literal.
 * - `time`: a date, datetime or timestamp, printed in UTC by the reader's session.
 * - `bytes`: bytes the curated type keeps as binary (BLOB, BINARY, BYTEA, MySQL BIT, geometry),
 *   which travel as hex text.
 * - `text`: everything else, exactly as the server prints it.
 *
 * @example
 * ```ts
 * sourceValueKind({ engine: 'mysql', dataType: 'bigint', columnType: 'bigint(20) unsigned' }); // 'integer'
 * sourceValueKind({ engine: 'postgres', dataType: 'bytea' }); // 'bytes'
 * ```
 */
export function sourceValueKind(type: SourceColumnType): 'integer' | 'time' | 'bytes' | 'text' {
  const dataType = type.dataType.trim().toLowerCase();
  if (INTEGERS[type.engine].has(dataType)) return 'integer';
  if (TIMES[type.engine].has(dataType)) return 'time';
  if (type.engine === 'mysql' && dataType === 'bit') return 'bytes';
  const mapping = mapSourceType(type, { oversizeDecimal: 'string' });
  return mapping.duckdbType === 'BLOB' ? 'bytes' : 'text';
}
