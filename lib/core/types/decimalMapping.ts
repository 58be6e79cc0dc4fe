import type { ColumnTypeMapping, RdsExportType } from './ColumnTypeMapping';
import type { MapSourceTypeOptions } from './MapSourceTypeOptions';
import type { SourceColumnType } from './SourceColumnType';
import { scalarMappings } from './scalarMappings';
import { typeError } from './typeError';

/** Athena's (and Parquet DECIMAL's usual) maximum precision. */
export const MAX_DECIMAL_PRECISION = 38;

/**
 * DECIMAL(p,s) kept exactly when Athena can hold it (1 ≤ p ≤ 38, 0 ≤ s ≤ p); otherwise a
 * TypeMappingError, or the exact decimal text when `oversizeDecimal` is `'string'`.
 *
 * @param precision the declared precision, `undefined` for PostgreSQL's unconstrained `numeric`
 * @param rdsExport how the export writes this column when it fits in 38 digits
 * @param oversizeExport how the export writes it when it does not
 */
export function decimalMapping(
  column: SourceColumnType,
  precision: number | undefined,
  scale: number,
  rdsExport: RdsExportType,
  oversizeExport: RdsExportType,
  options: MapSourceTypeOptions,
): ColumnTypeMapping {
  if (precision !== undefined && precision >= 1 && precision <= MAX_DECIMAL_PRECISION) {
    if (scale < 0 || scale > precision) {
      throw typeError(column, `has scale ${scale}; allowed is 0 to the precision ${precision}`);
    }
    return scalarMappings.decimal(precision, scale, rdsExport);
  }
  if ((options.oversizeDecimal ?? 'error') === 'string') return scalarMappings.string(oversizeExport);
  const declared = precision === undefined ? 'no declared precision' : `precision ${precision}`;
  throw typeError(
    column,
    `has ${declared}; Athena decimals hold 1 to ${MAX_DECIMAL_PRECISION} digits. Give the column a \`cast\`: \`string\` keeps the exact text, \`decimal(38,10)\` rounds to 10 decimal places; or \`drop\` it`,
  );
}
