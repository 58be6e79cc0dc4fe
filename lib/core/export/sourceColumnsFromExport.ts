import { ExportInfoError, TypeMappingError } from '../errors';
import { mapSourceType, type SourceColumnType, type SourceEngine } from '../types';
import type { ExportColumnMapping, ExportTableStatus } from './exportTablesInfoSchema';

/** A source column as the export's table info describes it, in source order. */
export interface ExportSourceColumn {
  readonly name: string;
  readonly type: SourceColumnType;
}

const DECIMAL_TYPES = new Set(['decimal', 'numeric']);

function positive(value: number | null | undefined): number | undefined {
  return value !== undefined && value !== null && value > 0 ? value : undefined;
}

/** `decimal(p,s)` in the export's own type text carries the scale the catalog facts lack. */
function exportedScale(column: ExportColumnMapping): number | undefined {
  const match = /decimal\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(column.expectedExportedType);
  return match ? Number(match[1]) : undefined;
}

/** Whether the type mapping knows a PostgreSQL type name (without array brackets). */
function knownPostgresType(typeText: string): boolean {
  try {
    mapSourceType({ engine: 'postgres', dataType: typeText }, { oversizeDecimal: 'string' });
    return true;
  } catch (error) {
    if (error instanceof TypeMappingError) return false;
    throw error;
  }
}

function sourceType(column: ExportColumnMapping, engine: SourceEngine, target: string): SourceColumnType {
  const text = column.originalType.trim();
  const bare = text.toLowerCase().split(/[\s(]/, 1)[0] ?? '';
  const hasModifiers = text.includes('(');
  const numericPrecision = positive(column.originalNumPrecision);
  const numericScale = exportedScale(column);
  if (
    DECIMAL_TYPES.has(bare) &&
    !hasModifiers &&
    numericPrecision !== undefined &&
    numericScale === undefined
  ) {
    // Guessing scale 0 would round every fraction away without a word.
    throw new ExportInfoError(target, [
      {
        path: `schemaMetadata.originalTypeMappings[${column.columnName}]`,
        message: `received originalType "${column.originalType}" with precision ${numericPrecision} but no scale; allowed: a type with (p,s), or an expectedExportedType decimal(p,s)`,
      },
    ]);
  }
  const base = {
    engine,
    column: column.columnName,
    columnType: text,
    numericPrecision: numericPrecision ?? null,
    numericScale: numericScale ?? null,
    datetimePrecision: column.originalDateTimePrecision ?? null,
  };
  if (engine === 'mysql') return { ...base, dataType: bare };
  // information_schema says USER-DEFINED for enums; the export writes them as text.
  if (text.toUpperCase() === 'USER-DEFINED') return { ...base, dataType: text, userDefinedEnum: true };
  // An array of a type no PostgreSQL mapping knows (`mood[]`) is one of user-defined values, which
  // the export writes as text: taken as an enum array, as the replica's catalog says it is.
  if (text.endsWith('[]') && !knownPostgresType(text.replace(/(\[\])+$/, ''))) {
    return { ...base, dataType: text, userDefinedEnum: true };
  }
  return { ...base, dataType: text };
}

/**
 * The source columns of one exported table, in source order, from its
 * `schemaMetadata.originalTypeMappings`: the input of `mapSourceType` and of the plan.
 * `originalType` is read as the catalog's full type text (`bigint(20) unsigned`,
 * `numeric(12,2)`, `integer[]`); the precision facts fill in what it leaves out.
 *
 * @throws ExportInfoError when the entry has no column mappings, or a decimal's scale is unknown
 * @example
 * ```ts
 * sourceColumnsFromExport(tables[0].info, 'mysql');
 * // [{ name: 'id', type: { engine: 'mysql', column: 'id', dataType: 'bigint', columnType: 'bigint(20) unsigned', … } }, …]
 * ```
 */
export function sourceColumnsFromExport(
  tableInfo: ExportTableStatus,
  engine: SourceEngine,
): ExportSourceColumn[] {
  const mappings = tableInfo.schemaMetadata?.originalTypeMappings;
  if (mappings === undefined || mappings.length === 0) {
    throw new ExportInfoError(tableInfo.target, [
      {
        path: 'schemaMetadata.originalTypeMappings',
        message: `received ${mappings === undefined ? 'nothing' : 'an empty list'}; allowed: one entry per column of the exported table`,
      },
    ]);
  }
  return mappings.map((column) => ({
    name: column.columnName,
    type: sourceType(column, engine, tableInfo.target),
  }));
}
