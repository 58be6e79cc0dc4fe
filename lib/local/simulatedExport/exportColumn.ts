// What the export writes for each type is the type mapping's `rdsExport`, from AWS's table:
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html
import {
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

/** Catalog facts of a column besides its type text, as information_schema reports them. */
export interface ColumnFacts {
  readonly charMaxLength: number | null;
  readonly numericPrecision: number | null;
  readonly dateTimePrecision: number | null;
}

/**
 * How the simulated export reads and writes one source column: the export's Parquet type from
 * the type mapping's `rdsExport` (wide decimals as text, as the export writes them), its
 * `originalTypeMappings` entry, and whether the driver hands it over as bytes.
 */
export function exportColumn(name: string, type: SourceColumnType, facts: ColumnFacts): SimulatedColumn {
  const { rdsExport } = mapSourceType(type, { oversizeDecimal: 'string' });
  const duckdbType = exportDuckdbType(rdsExport);
  // MySQL CHAR is exported as un-annotated bytes of its text; every other BLOB is bytes at the source.
  const textAsBytes =
    duckdbType === 'BLOB' && type.engine === 'mysql' && type.dataType.toLowerCase() === 'char';
  const binary = duckdbType === 'BLOB' && !textAsBytes;
  return {
    name,
    type,
    binary,
    exportSql: (expr) => (textAsBytes ? `encode(${expr})` : binary ? expr : `CAST(${expr} AS ${duckdbType})`),
    mapping: {
      columnName: name,
      // information_schema's data_type of an enum; sourceColumnsFromExport reads it back as one.
      originalType: type.userDefinedEnum === true ? 'USER-DEFINED' : (type.columnType ?? type.dataType),
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
