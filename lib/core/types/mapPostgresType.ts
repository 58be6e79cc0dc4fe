// Export representations: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html
// (table "PostgreSQL data type mapping to Parquet"). Most PostgreSQL types, numeric, date,
// timestamp and arrays included, are exported as UTF-8 text and parsed back here.
import type { ColumnTypeMapping, CuratedType, ParquetPhysicalType, RdsExportType } from './ColumnTypeMapping';
import { curatedTypes } from './curatedTypes';
import { decimalMapping, MAX_DECIMAL_PRECISION } from './decimalMapping';
import { duckdbSql } from './duckdbSql';
import type { MapSourceTypeOptions } from './MapSourceTypeOptions';
import { PG_ARRAY_JSON_FUNCTION } from './pgArrayJson';
import type { SourceColumnType } from './SourceColumnType';
import { scalarMappings } from './scalarMappings';
import { typeArguments } from './typeArguments';
import { typeError } from './typeError';
import { unboundedNumericScale } from './unboundedNumeric';

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

/** Element types whose array text is not comma-separated: `box` arrays use `;` (its typdelim). */
const UNLISTABLE_ELEMENTS = new Set(['box']);

/**
 * PostgreSQL's object identifier types (oid and its reg* aliases): "OBJECT IDENTIFIER: N/A" in
 * AWS's table, so the export writes no value for them.
 */
const OBJECT_IDENTIFIER_TYPES = new Set([
  'oid',
  'regclass',
  'regcollation',
  'regconfig',
  'regdictionary',
  'regnamespace',
  'regoper',
  'regoperator',
  'regproc',
  'regprocedure',
  'regrole',
  'regtype',
]);

/**
 * Whether the RDS snapshot export writes no value for the PostgreSQL column: an object identifier
 * type, "OBJECT IDENTIFIER: N/A" in AWS's table.
 *
 * @example
 * ```ts
 * isUnexportedPostgresType({ engine: 'postgres', dataType: 'oid' }); // true
 * ```
 */
export function isUnexportedPostgresType(column: SourceColumnType): boolean {
  return (
    column.engine === 'postgres' &&
    OBJECT_IDENTIFIER_TYPES.has(canonicalName(column.columnType ?? column.dataType))
  );
}

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

/** A lambda parameter for the elements: the column's own quoted name, so element checks name the column. */
function elementName(expr: string): string {
  return /^"(?:[^"]|"")+"$/.test(expr) ? expr : '"element"';
}

/** `element` applied to every element of a `dimensions`-deep list. */
function eachElement(
  list: string,
  dimensions: number,
  name: string,
  element: (expr: string) => string,
): string {
  const body = dimensions === 1 ? element(name) : eachElement(name, dimensions - 1, name, element);
  return `list_transform(${list}, lambda ${name}: ${body})`;
}

/** A bytea element: PostgreSQL's hex text `\x0102…` (the replica session and the default `bytea_output`). */
function byteaElement(expr: string): string {
  return duckdbSql.checked(
    expr,
    `starts_with(${expr}, ${duckdbSql.literal('\\x')})`,
    `from_hex(substr(${expr}, 3))`,
    'a hex bytea \\x…',
  );
}

/**
 * An array of any element type this mapping knows, `dimensions` deep: PostgreSQL's array text
 * (what the export writes and the replica lands) parsed by `pg_array_json` (postgres-array, the
 * parser `pg` uses; see {@link pgArrayJson}), cast by DuckDB from that JSON to nested VARCHAR
 * lists, and each element converted from its text by the element type's own mapping.
 */
function arrayMapping(
  element: SourceColumnType,
  dimensions: number,
  options: MapSourceTypeOptions,
): ColumnTypeMapping {
  const name = canonicalName(element.columnType ?? element.dataType);
  const arrayExport = exported(
    'BYTE_ARRAY',
    'STRING',
    'AWS: an array is converted to a string; taken to be PostgreSQL\'s array text, e.g. {1,"b c"}.',
  );
  if (UNLISTABLE_ELEMENTS.has(name)) {
    return scalarMappings.string({ ...arrayExport, note: `${arrayExport.note} Kept as that text.` });
  }
  const elementMapping =
    name === 'bytea'
      ? { ...curatedTypes.binary(), fromExportSql: byteaElement, fromReplicaSql: byteaElement }
      : mapPostgresType(element, options);
  let target: CuratedType = elementMapping;
  let texts = 'VARCHAR';
  for (let level = 0; level < dimensions; level += 1) {
    target = curatedTypes.list(target);
    texts = `${texts}[]`;
  }
  const sql =
    (elementSql: (expr: string) => string) =>
    (expr: string): string => {
      const json = `${PG_ARRAY_JSON_FUNCTION}(${expr}, ${dimensions}, ${duckdbSql.literal(expr)})`;
      const list = duckdbSql.cast(duckdbSql.cast(json, 'JSON'), texts);
      return eachElement(list, dimensions, elementName(expr), elementSql);
    };
  return {
    athenaType: target.athenaType,
    duckdbType: target.duckdbType,
    parquet: target.parquet,
    rdsExport: arrayExport,
    fromExportSql: sql(elementMapping.fromExportSql),
    fromReplicaSql: sql(elementMapping.fromReplicaSql),
  };
}

/**
 * An unconstrained `numeric` as an Athena decimal(38,scale): the text is checked to fit without
 * rounding (no more than 38-scale digits before the point, no more than `scale` decimal places
 * besides trailing zeros), so NaN, Infinity and wider values fail instead of being rounded.
 */
function unboundedDecimal(scale: number, rdsExport: RdsExportType): ColumnTypeMapping {
  const integerPart =
    scale === MAX_DECIMAL_PRECISION ? '0' : String.raw`\d{1,${MAX_DECIMAL_PRECISION - scale}}`;
  const pattern = String.raw`-?${integerPart}(\.\d{0,${scale}}0*)?`;
  const target = curatedTypes.decimal(MAX_DECIMAL_PRECISION, scale);
  const sql = (expr: string): string =>
    duckdbSql.checked(
      expr,
      duckdbSql.matches(expr, pattern),
      duckdbSql.cast(expr, target.duckdbType),
      `a numeric that fits ${target.athenaType} without rounding (unboundedNumeric)`,
    );
  return { ...target, rdsExport, fromExportSql: sql, fromReplicaSql: sql };
}

function numeric(column: SourceColumnType, options: MapSourceTypeOptions): ColumnTypeMapping {
  const [declaredPrecision, declaredScale] = typeArguments(column.columnType ?? '');
  const precision = declaredPrecision ?? column.numericPrecision ?? undefined;
  const scale = declaredScale ?? column.numericScale ?? 0;
  const asText = exported(
    'BYTE_ARRAY',
    'STRING',
    'AWS: written as a string to avoid precision and NaN complications.',
  );
  if (precision === undefined) {
    const choice = options.unboundedNumeric ?? 'string';
    const decimalScale = unboundedNumericScale(choice);
    if (decimalScale !== undefined) return unboundedDecimal(decimalScale, asText);
    if (choice === 'string') return scalarMappings.string(asText);
    throw typeError(
      column,
      "has no declared precision and the source's `unboundedNumeric` is `fail`; set `unboundedNumeric` to `string` (exact text) or `decimal(38,N)`, give the column a `cast`, or `drop` it",
    );
  }
  return decimalMapping(column, precision, scale, asText, asText, options);
}

/**
 * Maps a PostgreSQL column type (udt_name or format_type) to its curated type, arrays
 * recursively. Called through {@link mapSourceType}.
 *
 * @throws TypeMappingError for an unknown or non-enum user-defined type, `oid`, a numeric over
 * 38 digits, or one without precision under `unboundedNumeric: fail`
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
  }
  if (OBJECT_IDENTIFIER_TYPES.has(name)) {
    throw typeError(
      column,
      'is an object identifier, which RDS snapshot export does not write (OBJECT IDENTIFIER: N/A); `drop` the column (a dropped column is never read)',
    );
  }
  if (TEXT_TYPES.has(name) || PLAIN_TEXT_TYPES.has(name))
    return scalarMappings.string(UNLISTED.has(name) ? SILENT : TEXT);
  throw typeError(
    column,
    `is not a PostgreSQL type this lake maps (of user-defined types only enums are); \`drop\` the column. Supported: ${POSTGRES_TYPE_NAMES.join(', ')}`,
  );
}
