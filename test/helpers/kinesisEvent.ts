import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

/** A record as Kinesis GetRecords returns it (the SDK's `_Record`, the fields Lambda passes on). */
export interface GetRecordsRecord {
  readonly Data?: Uint8Array;
  readonly PartitionKey?: string;
  readonly SequenceNumber?: string;
  readonly ApproximateArrivalTimestamp?: Date;
}

/** Where the records were read from, for the event's ARN and ids. */
export interface KinesisEventSource {
  readonly streamArn: string;
  readonly shardId: string;
  /** @default 'eu-west-1' */
  readonly region?: string;
}

/**
 * The Lambda event an event source mapping would send for records read with GetRecords: base64
 * data, arrival time in fractional seconds, eventID `<shard id>:<sequence number>`.
 */
export function kinesisEvent(
  records: readonly GetRecordsRecord[],
  source: KinesisEventSource,
): KinesisStreamEvent {
  return { Records: records.map((record) => kinesisStreamRecord(record, source)) };
}

/** One record of {@link kinesisEvent}. */
export function kinesisStreamRecord(
  record: GetRecordsRecord,
  source: KinesisEventSource,
): KinesisStreamRecord {
  const { Data, PartitionKey, SequenceNumber, ApproximateArrivalTimestamp } = record;
  if (!Data || !PartitionKey || !SequenceNumber || !ApproximateArrivalTimestamp) {
    throw new Error(
      `GetRecords record lacks Data, PartitionKey, SequenceNumber or ApproximateArrivalTimestamp`,
    );
  }
  const region = source.region ?? 'eu-west-1';
  return {
    awsRegion: region,
    eventID: `${source.shardId}:${SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: source.streamArn,
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/relay',
    kinesis: {
      approximateArrivalTimestamp: ApproximateArrivalTimestamp.getTime() / 1000,
      data: Buffer.from(Data).toString('base64'),
      kinesisSchemaVersion: '1.0',
      partitionKey: PartitionKey,
      sequenceNumber: SequenceNumber,
    },
  };
}
