import { z } from 'zod';
import type { ArchiveTransformInput } from '../../core/events';

/**
 * The archive transform's event: Firehose's data transformation event of a delivery stream read
 * from Kinesis (Lambda Developer Guide: "Using AWS Lambda with Amazon Kinesis Data Firehose";
 * times in epoch milliseconds, as Powertools' KinesisFirehoseSchema has them). Only what the
 * transform reads is kept. A record without `kinesisRecordMetadata` is still a record: the
 * transform answers it `ProcessingFailed`, not the whole batch.
 */
export const archiveTransformEventSchema = z.object({
  records: z.array(
    z.object({
      recordId: z.string(),
      data: z.string(),
      approximateArrivalTimestamp: z.number(),
      kinesisRecordMetadata: z
        .object({ partitionKey: z.string(), approximateArrivalTimestamp: z.number() })
        .optional(),
    }) satisfies z.ZodType<ArchiveTransformInput>,
  ),
});
