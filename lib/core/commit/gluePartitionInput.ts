import type { CatalogPartition, CatalogTable } from './CatalogTable';
import type { GluePartitionInput } from './GlueInputTypes';
import { parquetStorageDescriptor } from './parquetStorageDescriptor';

/**
 * The Glue `PartitionInput` of one partition of `table`: its values and the table's Parquet
 * storage at the partition's location, so the partition's schema matches the table's.
 *
 * @example
 * ```ts
 * gluePartitionInput(table, { values: ['2026-11'], location: 's3://curated/service/items/month=2026-11/run=20261123T030005Z/' });
 * ```
 */
export function gluePartitionInput(table: CatalogTable, partition: CatalogPartition): GluePartitionInput {
  return {
    Values: [...partition.values],
    StorageDescriptor: parquetStorageDescriptor(table.columns, partition.location),
  };
}
