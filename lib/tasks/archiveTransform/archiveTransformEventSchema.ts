import * as z from 'zod';
import type { ArchiveTransformInput } from '../../core/events';

/**
 * When Kinesis received a record: epoch milliseconds, as Powertools' KinesisFirehoseSchema and
 * @types/aws-lambda have it, or an ISO 8601 time, as the example event of the Lambda Developer
 * Guide ("Using AWS Lambda with Amazon Kinesis Data Firehose") shows it; both become milliseconds.
 */
const kinesisArrivalSchema = z.union([z.number(), z.iso.datetime().transform((time) => Date.parse(time))]);

/**
 * The archive transform's event: Firehose's data transformation event of a delivery stream read
 * from Kinesis. Only what the transform reads is kept. A record without `kinesisRecordMetadata`
 * is still a record: the transform answers it `ProcessingFailed`, not the whole batch.
 */
export const archiveTransformEventSchema = z.object({
  records: z.array(
    z.object({
      recordId: z.string(),
      data: z.string(),
      approximateArrivalTimestamp: z.number(),
      kinesisRecordMetadata: z
        .object({ partitionKey: z.string(), approximateArrivalTimestamp: kinesisArrivalSchema })
        .optional(),
    }) satisfies z.ZodType<ArchiveTransformInput>,
  ),
});
