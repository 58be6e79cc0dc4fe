/**
 * The parts of Glue's `TableInput` and `PartitionInput` the lake writes, spelled as the Glue
 * API spells them, so the Glue adapter passes them to the SDK unchanged while lib/core stays
 * free of the SDK. Arrays are mutable because the SDK's types are.
 */

/** A Glue column: name and Hive DDL type. */
export interface GlueColumn {
  Name: string;
  Type: string;
}

/** Glue's SerDe settings of a storage descriptor. */
export interface GlueSerDeInfo {
  Name?: string;
  SerializationLibrary?: string;
  Parameters?: Record<string, string>;
}

/** Where a table's or partition's data is and how it is stored. */
export interface GlueStorageDescriptor {
  Columns: GlueColumn[];
  Location?: string;
  InputFormat?: string;
  OutputFormat?: string;
  SerdeInfo: GlueSerDeInfo;
  Compressed?: boolean;
  StoredAsSubDirectories?: boolean;
}

/** Glue's `TableInput` as the lake fills it, for a Parquet table or a Presto (Athena) view. */
export interface GlueTableInput {
  Name: string;
  TableType: 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW';
  Parameters: Record<string, string>;
  PartitionKeys: GlueColumn[];
  StorageDescriptor: GlueStorageDescriptor;
  ViewOriginalText?: string;
  ViewExpandedText?: string;
}

/** Glue's `PartitionInput`: the partition's values and its storage. */
export interface GluePartitionInput {
  Values: string[];
  StorageDescriptor: GlueStorageDescriptor;
}
