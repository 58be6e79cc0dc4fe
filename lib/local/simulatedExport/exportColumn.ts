// What the export writes for each type is the type mapping's `rdsExport`, from AWS's table:
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html
import { TypeMappingError } from '../../core/errors';
import { invalidDateSql } from '../../core/transform';
import {
  isUnexportedPostgresType,
  mapSourceType,
  type RdsExportType,
  type SourceColumnRow,
  type SourceColumnType,
  type SourceEngine,
  sourceColumnFromRow,
} from '../../core/types';
import type { SimulatedColumn } from './SimulatedColumn';

/** The DuckDB type that DuckDB writes as the export's Parquet type. */
function exportDuckdbType(rdsExport: RdsExportType): string {
  if (rdsExport.logical?.startsWith('DECIMAL(')) return rdsExport.logical;
  if (rdsExport.logical === 'TIMESTAMP_MICROS') return 'TIMESTAMP';
  if (rdsExport.logical === 'STRING') return 'VARCHAR';
  if (rdsExport.logical === 'INT(16,true)') return 'SMALLINT';
  switch (rdsExport.physical) {
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'INT32':
      return 'INTEGER';
    case 'INT64':
      return 'BIGINT';
    case 'FLOAT':
      return 'FLOAT';
    case 'DOUBLE':
      return 'DOUBLE';
    default:
      return 'BLOB';
  }
}

/** The export's `expectedExportedType` spelling of a Parquet type. */
function expectedExportedType(rdsExport: RdsExportType): string {
  if (rdsExport.logical?.startsWith('DECIMAL(')) return rdsExport.logical.toLowerCase();
  if (rdsExport.logical === 'TIMESTAMP_MICROS') return 'timestamp';
  if (rdsExport.logical === 'STRING') return 'string';
  if (rdsExport.physical === 'BYTE_ARRAY' || rdsExport.physical === 'FIXED_LEN_BYTE_ARRAY') return 'binary';
  return rdsExport.physical.toLowerCase();
}

/**
 * What the simulated export writes for a MySQL DATETIME/TIMESTAMP that is no calendar date
 * (`0000-00-00 00:00:00`, `2024-00-15 10:00:00`): AWS does not document what RDS writes (its
 * TIMESTAMP_MICROS cannot hold such a date), so this stands in with a value before 0001-01-01,
 * one microsecond before it, which the transform finds (see `invalidDateSql`). A DATE is text
 * in the export, so its zero date is written as the server prints it.
 */
const INVALID_DATE_MICROS = 'make_timestamp(-62135596800000001)';

/**
 * What the export writes for a column: the type mapping's `rdsExport`, or for a PostgreSQL type
 * the lake does not map (a composite or domain type) text, as AWS's table lists COMPOSITE and
 * DOMAIN: BYTE_ARRAY STRING. The plan refuses such a column unless it is dropped.
 */
function rdsExportOf(type: SourceColumnType): RdsExportType {
  try {
    return mapSourceType(type, { oversizeDecimal: 'string' }).rdsExport;
  } catch (error) {
    if (!(error instanceof TypeMappingError) || type.engine !== 'postgres') throw error;
    return { physical: 'BYTE_ARRAY', logical: 'STRING', note: 'AWS: COMPOSITE and DOMAIN are strings.' };
  }
}

/**
 * The export's `originalType` of a column: the catalog's type text, except a PostgreSQL enum,
 * which information_schema calls `USER-DEFINED`. An array of enums keeps its `mood[]` text: the
 * plan reads an array of a type it does not know as an array of user-defined (text) values.
 */
function originalType(type: SourceColumnType): string {
  const text = type.columnType ?? type.dataType;
  return type.userDefinedEnum === true && !text.endsWith('[]') ? 'USER-DEFINED' : text;
}

/** Catalog facts of a column besides its type text, as information_schema reports them. */
export interface ColumnFacts {
  readonly charMaxLength: number | null;
  readonly numericPrecision: number | null;
  readonly dateTimePrecision: number | null;
}

/**
 * How the simulated export reads and writes one source column: the export's Parquet type from
 * the type mapping's `rdsExport` (wide decimals as text, as the export writes them), its
 * `originalTypeMappings` entry, whether the driver hands it over as bytes, and whether the export
 * writes it at all (not an object identifier such as `oid`: listed in the table info, never read
 * or written, so a plan that drops it succeeds and one that keeps it fails naming the type).
 */
export function exportColumn(name: string, type: SourceColumnType, facts: ColumnFacts): SimulatedColumn {
  const rdsExport = rdsExportOf(type);
  const duckdbType = exportDuckdbType(rdsExport);
  // MySQL CHAR is exported as un-annotated bytes of its text; every other BLOB is bytes at the source.
  const textAsBytes =
    duckdbType === 'BLOB' && type.engine === 'mysql' && type.dataType.toLowerCase() === 'char';
  const binary = duckdbType === 'BLOB' && !textAsBytes;
  return {
    name,
    type,
    exported: !isUnexportedPostgresType(type),
    binary,
    exportSql: (expr) => {
      if (textAsBytes) return `encode(${expr})`;
      if (binary) return expr;
      const invalid = duckdbType === 'TIMESTAMP' ? invalidDateSql(type, 'replica', expr) : undefined;
      return invalid === undefined
        ? `CAST(${expr} AS ${duckdbType})`
        : `CASE WHEN ${invalid.condition} THEN ${INVALID_DATE_MICROS} ELSE CAST(${expr} AS TIMESTAMP) END`;
    },
    mapping: {
      columnName: name,
      originalType: originalType(type),
      expectedExportedType: expectedExportedType(rdsExport),
      originalCharMaxLength: facts.charMaxLength ?? 0,
      originalNumPrecision: facts.numericPrecision ?? 0,
      originalDateTimePrecision: facts.dateTimePrecision ?? 0,
    },
  };
}

/**
 * The exported column of one row of `SOURCE_COLUMNS_SQL`, as either engine's source reader
 * describes it.
 *
 * @example
 * ```ts
 * rows.map((row) => exportColumnFromRow('postgres', row));
 * ```
 */
export function exportColumnFromRow(engine: SourceEngine, row: SourceColumnRow): SimulatedColumn {
  const { name, type, charMaxLength } = sourceColumnFromRow(engine, row);
  return exportColumn(name, type, {
    charMaxLength,
    numericPrecision: type.numericPrecision ?? null,
    dateTimePrecision: type.datetimePrecision ?? null,
  });
}
