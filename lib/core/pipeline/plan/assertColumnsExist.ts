import type { TableConfig } from '../../../config';
import { UnknownColumnError } from '../../errors';

/**
 * Checks that every column the table's config names — rules, partition keys, watermark — is a
 * column of the source table.
 *
 * @param label the table as `schema.table`, named in the error
 * @throws UnknownColumnError naming the table, the column, where it was named and the columns that exist
 */
export function assertColumnsExist(
  label: string,
  table: TableConfig,
  sourceColumns: readonly string[],
): void {
  const existing = new Set(sourceColumns);
  const named: [string, string][] = [
    ...Object.keys(table.columns).map((column): [string, string] => ['columns', column]),
    ...table.partitionBy.map((spec): [string, string] => ['partitionBy', spec.column]),
    ...(table.watermarkColumn === undefined
      ? []
      : [['watermarkColumn', table.watermarkColumn] as [string, string]]),
  ];
  for (const [field, column] of named) {
    if (!existing.has(column)) {
      throw new UnknownColumnError({ table: label, column, field, existingColumns: sourceColumns });
    }
  }
}
