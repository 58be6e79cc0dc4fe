import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { type EventEnvelope, eventEnvelopeSchema } from '../../lib/core/events';
import { readStream } from '../client/readStream';

/** An event read back from the stream: its envelope and the record's partition key and shard. */
export interface DeliveredEvent {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly event: EventEnvelope<Record<string, unknown>>;
}

/**
 * Reads every record of a stream from the start (shard by shard, each in sequence order, so the
 * events of one partition key come in the order Kinesis stored them) and parses each as an event
 * envelope; a record that is not one fails the read.
 *
 * @example
 * ```ts
 * const delivered = await readEvents(kinesis, 'page-send');
 * delivered[0].event.eventId;
 * ```
 */
export async function readEvents(client: KinesisClient, streamName: string): Promise<DeliveredEvent[]> {
  const records = await readStream(client, streamName);
  return records.map((record) => ({
    shardId: record.shardId,
    partitionKey: record.partitionKey,
    event: eventEnvelopeSchema.parse(JSON.parse(record.data)),
  }));
}
