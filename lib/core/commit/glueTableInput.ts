import type { CatalogTable } from './CatalogTable';
import type { GlueTableInput } from './GlueInputTypes';
import { parquetStorageDescriptor } from './parquetStorageDescriptor';

/**
 * The Glue `TableInput` of a curated Parquet table: an `EXTERNAL_TABLE` with Hive's Parquet
 * SerDe and formats, `classification=parquet`, the columns with their Athena types, string
 * partition keys, and the table's own parameters (e.g. the committed run id) on top.
 *
 * Unpartitioned, `table.location` is the run prefix, so this one input switches readers to a
 * run; partitioned, it is the table prefix and each partition points at its run prefix.
 *
 * @example
 * ```ts
 * glueTableInput({
 *   name: 'users',
 *   columns: [{ name: 'id', type: 'bigint' }],
 *   partitionKeys: [],
 *   location: 's3://curated/service/users/run=20261123T030005Z/',
 *   parameters: { datalake_run_id: '20261123T030005Z' },
 * });
 * ```
 */
export function glueTableInput(table: CatalogTable): GlueTableInput {
  return {
    Name: table.name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'parquet', ...table.parameters },
    PartitionKeys: table.partitionKeys.map((key) => ({ Name: key, Type: 'string' })),
    StorageDescriptor: parquetStorageDescriptor(table.columns, table.location),
  };
}
