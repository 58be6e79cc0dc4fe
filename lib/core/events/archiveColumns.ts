/** A column of a stream's archive table, as Glue stores it. */
export interface ArchiveColumn {
  /** Lower-case column name (Glue folds names to lower case). */
  readonly name: string;
  /** Glue/Hive type, e.g. `string`, `timestamp`, `decimal(12,2)`. */
  readonly type: string;
  /** What the column holds, shown in Glue and Athena. */
  readonly comment: string;
}

/** What {@link archiveColumns} needs of a stream's config. */
export interface ArchiveStream {
  /** Payload fields with their own column, by Athena type. */
  readonly payloadFields?: Readonly<Record<string, string>>;
}

/**
 * The envelope columns every archive table starts with, in order. `dt` and `hour` are the
 * partition keys (see {@link ARCHIVE_PARTITION_KEYS}); payload fields may use none of these names.
 */
export const ARCHIVE_ENVELOPE_COLUMNS: readonly ArchiveColumn[] = [
  {
    name: 'event_id',
    type: 'string',
    comment: 'UUID made once per event by the client; duplicates share it',
  },
  { name: 'event_name', type: 'string', comment: 'Event name, e.g. item_viewed' },
  {
    name: 'client_time',
    type: 'timestamp',
    comment: 'When the event happened on the device (UTC; device clocks drift)',
  },
  { name: 'schema_version', type: 'int', comment: "Version of the payload's schema" },
  { name: 'partition_key', type: 'string', comment: 'Kinesis partition key the event was sent with' },
  {
    name: 'arrival_time',
    type: 'timestamp',
    comment:
      'When Kinesis received the event (UTC); dt and hour are the arrival hour of the file, up to one buffer earlier',
  },
  { name: 'payload', type: 'string', comment: 'The full payload as JSON' },
];

/**
 * The partition keys of every archive table: the UTC date and hour at which Firehose received
 * the records of a file (the arrival clock, not the device clock), as Firehose names the prefix.
 */
export const ARCHIVE_PARTITION_KEYS: readonly ArchiveColumn[] = [
  { name: 'dt', type: 'string', comment: 'UTC arrival date, yyyy-MM-dd' },
  { name: 'hour', type: 'string', comment: 'UTC arrival hour, 00 to 23' },
];

/** Column names a payload field may not take, lower case. */
export const RESERVED_ARCHIVE_COLUMNS: ReadonlySet<string> = new Set(
  [...ARCHIVE_ENVELOPE_COLUMNS, ...ARCHIVE_PARTITION_KEYS].map((column) => column.name),
);

/**
 * The Glue spelling of an Athena type from the config: `integer` → `int`, `real` → `float`,
 * spaces dropped from `decimal(p, s)`.
 */
export function glueType(athenaType: string): string {
  const compact = athenaType.replaceAll(/\s+/g, '');
  if (compact === 'integer') return 'int';
  if (compact === 'real') return 'float';
  return compact;
}

/**
 * The ordered columns of a stream's archive table: the envelope columns, then one column per
 * configured payload field (lower-cased, as Glue keeps it) in config order. The partition keys
 * are separate ({@link ARCHIVE_PARTITION_KEYS}).
 *
 * The config schema refuses payload fields that collide with these names, so the result has
 * unique names for any validated config.
 *
 * @example
 * ```ts
 * archiveColumns({ payloadFields: { itemId: 'bigint' } }).at(-1);
 * // { name: 'itemid', type: 'bigint', comment: 'payload.itemId' }
 * ```
 */
export function archiveColumns(stream: ArchiveStream): ArchiveColumn[] {
  const payloadColumns = Object.entries(stream.payloadFields ?? {}).map(([field, type]) => ({
    name: field.toLowerCase(),
    type: glueType(type),
    comment: `payload.${field}`,
  }));
  return [...ARCHIVE_ENVELOPE_COLUMNS, ...payloadColumns];
}
