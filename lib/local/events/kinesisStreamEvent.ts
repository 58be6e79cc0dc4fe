import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { DataLakeError } from '../../core/errors';

/** Where records were read from, for the event's ARN and ids. */
export interface KinesisEventSource {
  readonly streamArn: string;
  readonly shardId: string;
  /** @default 'eu-west-1' */
  readonly region?: string;
}

/**
 * The Lambda event an event source mapping sends for records read with GetRecords: base64 data,
 * arrival time in fractional seconds, eventID `<shard id>:<sequence number>`. Local mode and the
 * tests hand this to the relay, so it sees exactly what it sees on AWS.
 *
 * @example
 * ```ts
 * const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
 * await handler(kinesisStreamEvent(Records ?? [], { streamArn, shardId }));
 * ```
 */
export function kinesisStreamEvent(
  records: readonly _Record[],
  source: KinesisEventSource,
): KinesisStreamEvent {
  return { Records: records.map((record) => kinesisStreamRecord(record, source)) };
}

/** One record of {@link kinesisStreamEvent}. */
export function kinesisStreamRecord(record: _Record, source: KinesisEventSource): KinesisStreamRecord {
  const { Data, PartitionKey, SequenceNumber, ApproximateArrivalTimestamp } = record;
  if (!Data || !PartitionKey || !SequenceNumber || !ApproximateArrivalTimestamp) {
    throw new DataLakeError(
      `Kinesis record ${SequenceNumber ?? '(no sequence number)'} of ${source.shardId} lacks Data, PartitionKey, SequenceNumber or ApproximateArrivalTimestamp`,
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
    invokeIdentityArn: `arn:aws:iam::${source.streamArn.split(':')[4] ?? '000000000000'}:role/local`,
    kinesis: {
      approximateArrivalTimestamp: ApproximateArrivalTimestamp.getTime() / 1000,
      data: Buffer.from(Data).toString('base64'),
      kinesisSchemaVersion: '1.0',
      partitionKey: PartitionKey,
      sequenceNumber: SequenceNumber,
    },
  };
}
