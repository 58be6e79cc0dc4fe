import type { CatalogColumn } from './CatalogTable';
import type { GlueStorageDescriptor } from './GlueInputTypes';

/** Hive's Parquet SerDe and formats, which Athena reads Parquet tables with. */
export const PARQUET_STORAGE = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
} as const;

/**
 * The Glue storage descriptor of Parquet data at `location` with `columns`, shared by a table
 * and its partitions so both describe the files the same way.
 *
 * @example
 * ```ts
 * parquetStorageDescriptor([{ name: 'id', type: 'bigint' }], 's3://curated/service/users/run=20261123T030005Z/');
 * ```
 */
export function parquetStorageDescriptor(
  columns: readonly CatalogColumn[],
  location: string,
): GlueStorageDescriptor {
  return {
    Columns: columns.map((column) => ({ Name: column.name, Type: column.type })),
    Location: location,
    InputFormat: PARQUET_STORAGE.InputFormat,
    OutputFormat: PARQUET_STORAGE.OutputFormat,
    SerdeInfo: {
      SerializationLibrary: PARQUET_STORAGE.SerializationLibrary,
      Parameters: { 'serialization.format': '1' },
    },
    Compressed: false,
    StoredAsSubDirectories: false,
  };
}
