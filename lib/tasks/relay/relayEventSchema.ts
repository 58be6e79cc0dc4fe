import type { KinesisStreamEvent } from 'aws-lambda';
import * as z from 'zod';

/**
 * The relay's event: a batch of one shard as a Kinesis event source mapping sends it, every field
 * of the Lambda Developer Guide's example event ("Using Lambda to process records from Amazon
 * Kinesis Data Streams", with-kinesis.html; Powertools' KinesisDataStreamSchema requires the same).
 * Only the shape is checked here: whether a record's data is a client event is decided record by
 * record (`kafkaMessage`), so one poison record never fails the batch.
 */
export const relayEventSchema = z.object({
  Records: z.array(
    z.object({
      awsRegion: z.string(),
      eventID: z.string(),
      eventName: z.string(),
      eventSource: z.string(),
      eventSourceARN: z.string(),
      eventVersion: z.string(),
      invokeIdentityArn: z.string(),
      kinesis: z.object({
        approximateArrivalTimestamp: z.number(),
        data: z.string(),
        kinesisSchemaVersion: z.string(),
        partitionKey: z.string(),
        sequenceNumber: z.string(),
      }),
    }),
  ),
}) satisfies z.ZodType<KinesisStreamEvent>;
