/**
 * Kinesis PutRecords quotas the client SDK packs within. Sizes count the data blob plus the
 * partition key's UTF-8 bytes, as Kinesis does.
 */
export const KINESIS_LIMITS = {
  /** Records in one PutRecords call. */
  maxRecordsPerCall: 500,
  /** Bytes (data + partition keys) in one PutRecords call: 5 MiB. */
  maxBytesPerCall: 5 * 1024 * 1024,
  /** Bytes (data + partition key) of one record: 1 MiB. */
  maxRecordBytes: 1024 * 1024,
} as const;
