// Export representations: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html
// (table "MySQL and MariaDB data type mapping to Parquet").
import type { ColumnTypeMapping, ParquetPhysicalType, RdsExportType } from './ColumnTypeMapping';
import { curatedTypes } from './curatedTypes';
import { decimalMapping } from './decimalMapping';
import type { MapSourceTypeOptions } from './MapSourceTypeOptions';
import type { SourceColumnType } from './SourceColumnType';
import { scalarMappings } from './scalarMappings';
import { typeArguments } from './typeArguments';
import { typeError } from './typeError';

function exported(physical: ParquetPhysicalType, logical: string | null, note = ''): RdsExportType {
  return { physical, logical, note };
}

const SILENT = 'The AWS table does not list this type; assumed BYTE_ARRAY STRING and parsed as text.';

const EXPORT = {
  int32: exported('INT32', null),
  int64: exported('INT64', null),
  string: exported('BYTE_ARRAY', 'STRING'),
  bytes: exported('BYTE_ARRAY', null),
  micros: exported('INT64', 'TIMESTAMP_MICROS', 'isAdjustedToUTC is not documented; read as UTC either way.'),
};

const STRING_TYPES = new Set([
  'varchar',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'enum',
  'set',
  'json',
]);
const BINARY_TYPES = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);
const GEOMETRY_TYPES = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);
const MARIADB_TEXT_TYPES = new Set(['uuid', 'inet4', 'inet6']);

/** MySQL TIME spans -838:59:59..838:59:59 (a duration, not a time of day), with up to 6 fraction digits. */
const MYSQL_TIME = String.raw`-?\d{2,3}:\d{2}:\d{2}(\.\d{1,6})?`;

/** The MySQL/MariaDB type names this mapping knows, for error messages. */
export const MYSQL_TYPE_NAMES: readonly string[] = [
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'bigint',
  'decimal',
  'float',
  'double',
  'bit',
  'char',
  ...STRING_TYPES,
  ...BINARY_TYPES,
  ...GEOMETRY_TYPES,
  'date',
  'datetime',
  'timestamp',
  'time',
  'year',
  ...MARIADB_TEXT_TYPES,
];

function decimal(
  column: SourceColumnType,
  columnType: string,
  options: MapSourceTypeOptions,
): ColumnTypeMapping {
  const [declaredPrecision, declaredScale] = typeArguments(columnType);
  const precision = declaredPrecision ?? column.numericPrecision ?? undefined;
  const scale = declaredScale ?? column.numericScale ?? 0;
  return decimalMapping(
    column,
    precision,
    scale,
    exported(
      precision === undefined || precision > 18 ? 'FIXED_LEN_BYTE_ARRAY' : precision > 9 ? 'INT64' : 'INT32',
      `DECIMAL(${precision},${scale})`,
      'AWS: INT32 below 2^31, INT64 below 2^63, else FIXED_LEN_BYTE_ARRAY(N), annotated DECIMAL(p,s).',
    ),
    exported('BYTE_ARRAY', 'STRING', 'Precision over 38: the export writes the decimal as text.'),
    options,
  );
}

/**
 * Maps a MySQL or MariaDB column type (`DATA_TYPE` + `COLUMN_TYPE`) to its curated type.
 * Called through {@link mapSourceType}.
 *
 * @throws TypeMappingError for a type not in {@link MYSQL_TYPE_NAMES} or a decimal over 38 digits
 */
export function mapMysqlType(column: SourceColumnType, options: MapSourceTypeOptions): ColumnTypeMapping {
  const dataType = column.dataType.trim().toLowerCase();
  const columnType = (column.columnType ?? column.dataType).trim().toLowerCase();
  const unsigned = /\bunsigned\b/.test(columnType);

  switch (dataType) {
    case 'tinyint':
      if (/^tinyint\(1\)/.test(columnType)) {
        return scalarMappings.booleanFromZeroOrOne(
          exported('INT32', null, 'BOOLEAN is TINYINT(1) in MySQL.'),
        );
      }
      return unsigned
        ? scalarMappings.integer(16, exported('INT32', 'INT(16,true)'))
        : scalarMappings.integer(8, EXPORT.int32);
    case 'smallint':
      return scalarMappings.integer(unsigned ? 32 : 16, EXPORT.int32);
    case 'mediumint':
      return scalarMappings.integer(32, unsigned ? EXPORT.int64 : EXPORT.int32);
    case 'int':
    case 'integer':
      return unsigned ? scalarMappings.integer(64, EXPORT.int64) : scalarMappings.integer(32, EXPORT.int32);
    case 'bigint':
      return unsigned
        ? scalarMappings.decimal(
            20,
            0,
            exported(
              'FIXED_LEN_BYTE_ARRAY',
              'DECIMAL(20,0)',
              'FIXED_LEN_BYTE_ARRAY(9): Parquet has no unsigned 64-bit.',
            ),
          )
        : scalarMappings.integer(64, EXPORT.int64);
    case 'decimal':
    case 'numeric':
      return decimal(column, columnType, options);
    case 'float':
      return scalarMappings.cast(
        curatedTypes.float(),
        exported('DOUBLE', null, 'Widened to DOUBLE by the export; cast back to FLOAT exactly.'),
      );
    case 'double':
    case 'real':
      return scalarMappings.cast(curatedTypes.double(), exported('DOUBLE', null));
    case 'bit': {
      const bitsExport = exported(
        'BYTE_ARRAY',
        null,
        'The bits as big-endian bytes (encoding not documented).',
      );
      return (typeArguments(columnType)[0] ?? 1) === 1
        ? scalarMappings.booleanFromBitByte(bitsExport)
        : scalarMappings.binary(bitsExport);
    }
    case 'char':
      return scalarMappings.stringFromUtf8Bytes(
        exported(
          'BYTE_ARRAY',
          null,
          'Listed without the STRING annotation (unlike VARCHAR): decoded as UTF-8.',
        ),
      );
    case 'date':
      return scalarMappings.dateFromText(
        exported('BYTE_ARRAY', 'STRING', 'A date is written as UTF-8 text.'),
      );
    case 'datetime':
    case 'timestamp':
      return scalarMappings.timestampFromMicros(EXPORT.micros);
    case 'time':
      return scalarMappings.checkedText(
        MYSQL_TIME,
        'a MySQL TIME [-]HH:MM:SS[.ffffff]',
        exported('BYTE_ARRAY', 'STRING', 'A TIME is written as UTF-8 text.'),
      );
    case 'year':
      return scalarMappings.integer(16, EXPORT.int32);
  }
  if (STRING_TYPES.has(dataType)) return scalarMappings.string(EXPORT.string);
  if (BINARY_TYPES.has(dataType)) return scalarMappings.binary(EXPORT.bytes);
  if (GEOMETRY_TYPES.has(dataType)) {
    return scalarMappings.binary(
      exported('BYTE_ARRAY', null, 'Byte encoding not documented; kept as bytes.'),
    );
  }
  if (MARIADB_TEXT_TYPES.has(dataType))
    return scalarMappings.string(exported('BYTE_ARRAY', 'STRING', SILENT));
  throw typeError(
    column,
    `is not a MySQL/MariaDB type this lake maps; supported: ${MYSQL_TYPE_NAMES.join(', ')}`,
  );
}
