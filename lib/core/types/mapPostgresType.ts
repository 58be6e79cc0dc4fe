// Export representations: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html
// (table "PostgreSQL data type mapping to Parquet"). Most PostgreSQL types, numeric, date,
// timestamp and arrays included, are exported as UTF-8 text and parsed back here.
import type { ColumnTypeMapping, ParquetPhysicalType, RdsExportType } from './ColumnTypeMapping';
import { curatedTypes } from './curatedTypes';
import { decimalMapping } from './decimalMapping';
import { duckdbSql } from './duckdbSql';
import type { MapSourceTypeOptions } from './MapSourceTypeOptions';
import type { SourceColumnType } from './SourceColumnType';
import { scalarMappings } from './scalarMappings';
import { typeArguments } from './typeArguments';
import { typeError } from './typeError';

function exported(physical: ParquetPhysicalType, logical: string | null, note = ''): RdsExportType {
  return { physical, logical, note };
}

const TEXT = exported('BYTE_ARRAY', 'STRING');
const SILENT = exported(
  'BYTE_ARRAY',
  'STRING',
  'The AWS table does not list this type; assumed BYTE_ARRAY STRING and kept as text.',
);

/** format_type / data_type spellings → udt_name. */
const ALIASES: Readonly<Record<string, string>> = {
  smallint: 'int2',
  smallserial: 'int2',
  integer: 'int4',
  int: 'int4',
  serial: 'int4',
  bigint: 'int8',
  bigserial: 'int8',
  real: 'float4',
  'double precision': 'float8',
  decimal: 'numeric',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  '"char"': 'char',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'bit varying': 'varbit',
};

const TEXT_TYPES = new Set([
  'text',
  'varchar',
  'bpchar',
  'char',
  'name',
  'xml',
  'tsvector',
  'tsquery',
  'citext',
]);
const PLAIN_TEXT_TYPES = new Set([
  'json',
  'jsonb',
  'uuid',
  'inet',
  'cidr',
  'macaddr',
  'macaddr8',
  'money',
  'pg_lsn',
  'point',
  'line',
  'lseg',
  'box',
  'path',
  'polygon',
  'circle',
  'int4range',
  'int8range',
  'numrange',
  'tsrange',
  'tstzrange',
  'daterange',
  'int4multirange',
  'int8multirange',
  'nummultirange',
  'tsmultirange',
  'tstzmultirange',
  'datemultirange',
]);
/** Listed by AWS under other names (TEXT SEARCH, LINESEGMENT, RANGE) or not at all. */
const UNLISTED = new Set([
  'tsquery',
  'citext',
  'macaddr8',
  'int4multirange',
  'int8multirange',
  'nummultirange',
]);

/** Element types whose PostgreSQL array text DuckDB's list cast reads exactly. */
const LIST_ELEMENTS = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'bool', 'uuid']);
/** Text element types: quoted elements may hold braces, which the brace → bracket rewrite must not touch. */
const TEXT_LIST_ELEMENTS = new Set(['text', 'varchar', 'bpchar', 'char', 'name']);

const PG_TIME = String.raw`\d{2}:\d{2}:\d{2}(\.\d{1,6})?`;
const PG_TIMETZ = String.raw`\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}`;

/** The PostgreSQL type names this mapping knows (udt_name spelling), for error messages. */
export const POSTGRES_TYPE_NAMES: readonly string[] = [
  'int2',
  'int4',
  'int8',
  'numeric',
  'float4',
  'float8',
  'bool',
  'bytea',
  'bit',
  'varbit',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  ...TEXT_TYPES,
  ...PLAIN_TEXT_TYPES,
  'enum (userDefinedEnum)',
  'arrays of these',
];

/** The udt_name of a type text: modifiers dropped, format_type spellings folded. */
function canonicalName(typeText: string): string {
  const bare = typeText
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (bare.startsWith('interval')) return 'interval';
  return ALIASES[bare] ?? bare;
}

/** The element type and the number of dimensions when the column is an array, else undefined. */
function arrayShape(column: SourceColumnType): { element: SourceColumnType; dimensions: number } | undefined {
  const columnType = (column.columnType ?? '').trim();
  const brackets = /(\[\d*\])+$/.exec(columnType);
  if (brackets) {
    const elementText = columnType.slice(0, brackets.index).trim();
    const dataType = column.dataType.startsWith('_') ? column.dataType.slice(1) : elementText;
    return {
      element: { ...column, dataType, columnType: elementText, numericPrecision: null, numericScale: null },
      dimensions: brackets[0].split('[').length - 1,
    };
  }
  if (column.dataType.startsWith('_')) {
    const elementType = column.dataType.slice(1);
    return { element: { ...column, dataType: elementType, columnType: elementType }, dimensions: 1 };
  }
  return undefined;
}

function arrayMapping(
  element: SourceColumnType,
  dimensions: number,
  options: MapSourceTypeOptions,
): ColumnTypeMapping {
  const elementMapping = mapPostgresType(element, options);
  const name = canonicalName(element.columnType ?? element.dataType);
  const isText = TEXT_LIST_ELEMENTS.has(name) || element.userDefinedEnum === true;
  const arrayExport = exported(
    'BYTE_ARRAY',
    'STRING',
    "An array is written as PostgreSQL's array text, e.g. {1,2}.",
  );
  if (!isText && !LIST_ELEMENTS.has(name)) {
    return scalarMappings.string({ ...arrayExport, note: `${arrayExport.note} Kept as that text.` });
  }
  let target = elementMapping.duckdbType === 'VARCHAR' ? curatedTypes.string() : elementMapping;
  for (let level = 0; level < dimensions; level += 1) target = curatedTypes.list(target);
  const listType = target.duckdbType;
  const toList = (expr: string): string => duckdbSql.cast(`translate(${expr}, '{}', '[]')`, listType);
  const sql = isText
    ? (expr: string) =>
        duckdbSql.checked(
          expr,
          `NOT regexp_matches(${expr}, '"[^"]*[{}][^"]*"')`,
          toList(expr),
          'a text array without { or } inside an element',
        )
    : toList;
  return { ...target, rdsExport: arrayExport, fromExportSql: sql, fromReplicaSql: sql };
}

function numeric(column: SourceColumnType, options: MapSourceTypeOptions): ColumnTypeMapping {
  const [declaredPrecision, declaredScale] = typeArguments(column.columnType ?? '');
  const precision = declaredPrecision ?? column.numericPrecision ?? undefined;
  const scale = declaredScale ?? column.numericScale ?? 0;
  const asText = exported(
    'BYTE_ARRAY',
    'STRING',
    'Written as decimal text (also NaN, which fails the cast loudly).',
  );
  return decimalMapping(column, precision, scale, asText, asText, options);
}

/**
 * Maps a PostgreSQL column type (udt_name or format_type) to its curated type, arrays
 * recursively. Called through {@link mapSourceType}.
 *
 * @throws TypeMappingError for an unknown or non-enum user-defined type, `oid`, or a numeric
 * without precision or over 38 digits
 */
export function mapPostgresType(column: SourceColumnType, options: MapSourceTypeOptions): ColumnTypeMapping {
  const array = arrayShape(column);
  if (array) return arrayMapping(array.element, array.dimensions, options);
  if (column.userDefinedEnum === true) return scalarMappings.string(TEXT);

  const name = canonicalName(column.columnType ?? column.dataType);
  switch (name) {
    case 'int2':
      return scalarMappings.integer(16, exported('INT32', 'INT(16,true)'));
    case 'int4':
      return scalarMappings.integer(32, exported('INT32', null));
    case 'int8':
      return scalarMappings.integer(64, exported('INT64', null));
    case 'numeric':
      return numeric(column, options);
    case 'float4':
      return scalarMappings.cast(curatedTypes.float(), exported('FLOAT', null));
    case 'float8':
      return scalarMappings.cast(curatedTypes.double(), exported('DOUBLE', null));
    case 'bool':
      return scalarMappings.cast(curatedTypes.boolean(), exported('BOOLEAN', null));
    case 'bytea':
      return scalarMappings.binary(exported('BYTE_ARRAY', null, 'Listed as BINARY.'));
    case 'bit':
      return (typeArguments(column.columnType ?? '')[0] ?? 1) === 1
        ? scalarMappings.booleanFromBitText(TEXT)
        : scalarMappings.string(TEXT);
    case 'varbit':
      return scalarMappings.string(TEXT);
    case 'date':
      return scalarMappings.dateFromText(exported('BYTE_ARRAY', 'STRING', 'A date is written as text.'));
    case 'timestamp':
      return scalarMappings.timestampFromText(
        exported('BYTE_ARRAY', 'STRING', 'A timestamp is written as text.'),
      );
    case 'timestamptz':
      return scalarMappings.timestampFromOffsetText(
        exported('BYTE_ARRAY', 'STRING', 'Text with a UTC offset; the instant is curated as UTC wall clock.'),
      );
    case 'time':
      return scalarMappings.checkedText(PG_TIME, 'a time HH:MM:SS[.ffffff]', TEXT);
    case 'timetz':
      return scalarMappings.checkedText(PG_TIMETZ, 'a time with offset HH:MM:SS[.ffffff]+HH[:MM]', TEXT);
    case 'interval':
      return scalarMappings.isoInterval(
        exported('BYTE_ARRAY', 'STRING', 'Text format not documented; parsed as PostgreSQL style.'),
      );
    case 'oid':
      throw typeError(
        column,
        'is not exported by RDS snapshot export (OBJECT IDENTIFIER: N/A); drop the column',
      );
  }
  if (TEXT_TYPES.has(name) || PLAIN_TEXT_TYPES.has(name))
    return scalarMappings.string(UNLISTED.has(name) ? SILENT : TEXT);
  throw typeError(
    column,
    `is not a PostgreSQL type this lake maps (a user-defined type needs userDefinedEnum for an enum); supported: ${POSTGRES_TYPE_NAMES.join(', ')}`,
  );
}
