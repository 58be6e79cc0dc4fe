import { gluePartitionInput, glueTableInput } from '../../../lib/core/commit';

const STORAGE = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
  Compressed: false,
  StoredAsSubDirectories: false,
};

const ITEMS = {
  name: 'items',
  columns: [
    { name: 'id', type: 'bigint' },
    { name: 'price', type: 'decimal(12,2)' },
  ],
  partitionKeys: ['created_at_month'],
  location: 's3://curated/service/items/',
  parameters: { datalake_run_id: '20261123T030005Z' },
};

describe('glueTableInput', () => {
  it('is an external Parquet table with string partition keys and the run id in its parameters', () => {
    // Act
    const input = glueTableInput(ITEMS);

    // Assert
    expect(input).toEqual({
      Name: 'items',
      TableType: 'EXTERNAL_TABLE',
      Parameters: { EXTERNAL: 'TRUE', classification: 'parquet', datalake_run_id: '20261123T030005Z' },
      PartitionKeys: [{ Name: 'created_at_month', Type: 'string' }],
      StorageDescriptor: {
        Columns: [
          { Name: 'id', Type: 'bigint' },
          { Name: 'price', Type: 'decimal(12,2)' },
        ],
        Location: 's3://curated/service/items/',
        ...STORAGE,
      },
    });
  });

  it('points an unpartitioned table at its location (the run prefix) with no partition keys', () => {
    // Act
    const input = glueTableInput({
      ...ITEMS,
      partitionKeys: [],
      location: 's3://curated/service/items/run=20261123T030005Z/',
    });

    // Assert
    expect(input.PartitionKeys).toEqual([]);
    expect(input.StorageDescriptor.Location).toBe('s3://curated/service/items/run=20261123T030005Z/');
  });
});

describe('gluePartitionInput', () => {
  it("gives the partition its values, its run prefix and the table's Parquet storage", () => {
    // Act
    const input = gluePartitionInput(ITEMS, {
      values: ['2026-11'],
      location: 's3://curated/service/items/created_at_month=2026-11/run=20261123T030005Z/',
    });

    // Assert
    expect(input).toEqual({
      Values: ['2026-11'],
      StorageDescriptor: {
        Columns: [
          { Name: 'id', Type: 'bigint' },
          { Name: 'price', Type: 'decimal(12,2)' },
        ],
        Location: 's3://curated/service/items/created_at_month=2026-11/run=20261123T030005Z/',
        ...STORAGE,
      },
    });
  });
});
