import * as z from 'zod';
import { RESERVED_ARCHIVE_COLUMNS } from '../core/events/archiveColumns';
import { athenaTypeSchema } from './athenaType';
import { fieldNameSchema, kafkaTopicSchema, streamNameSchema } from './identifiers';

/** Settings of the Lambda event source mapping that relays Kinesis records to Kafka. */
export const relaySchema = z.strictObject({
  batchSize: z.int().min(1).max(10000).default(100).describe('Records per relay invocation (1..10000).'),
  maxBatchingWindowSeconds: z
    .int()
    .min(0)
    .max(300)
    .default(1)
    .describe('Seconds to gather records before invoking the relay (0..300).'),
  parallelizationFactor: z
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe('Concurrent relay batches per shard (1..10).'),
  maxRetryAttempts: z
    .int()
    .min(0)
    .max(10000)
    .default(3)
    .describe('Retries of a failed batch before it goes to the failure destination (0..10000).'),
});

/**
 * A client event stream: a Kinesis stream fed by the client SDK, relayed to a
 * Kafka topic and archived as Parquet for Athena.
 *
 * @example
 * ```yaml
 * streams:
 *   - name: app-events
 *     partitionKeyField: userId
 *     kafkaTopic: app.events
 *     payloadFields: { itemId: bigint }
 * ```
 */
export const streamSchema = z
  .strictObject({
    name: streamNameSchema.describe(
      'Stream name; names the Kinesis stream, the archive table and the alarms.',
    ),
    partitionKeyField: fieldNameSchema.describe(
      'Envelope or payload field used as the Kinesis partition key.',
    ),
    kafkaTopic: kafkaTopicSchema.describe('Kafka topic the relay writes to.'),
    kafkaPartitions: z.int().min(1).max(1000).default(6).describe('Partitions of the Kafka topic (1..1000).'),
    capacity: z
      .enum(['on-demand', 'provisioned'])
      .default('on-demand')
      .describe('Kinesis capacity mode; provisioned needs shardCount.'),
    shardCount: z
      .int()
      .min(1)
      .optional()
      .describe('Kinesis shards; required when capacity is provisioned, forbidden otherwise.'),
    retentionHours: z.int().min(24).max(8760).default(24).describe('Kinesis retention in hours (24..8760).'),
    publicClients: z
      .boolean()
      .default(false)
      .describe(
        'Create a Cognito identity pool whose unauthenticated identities may only put records into this stream: how web and mobile apps send without AWS credentials of their own.',
      ),
    payloadFields: z
      .record(fieldNameSchema, athenaTypeSchema)
      .optional()
      .describe(
        'Payload fields given their own column in the archive table, by Athena type; the rest stays in the payload JSON. Default: no payload columns.',
      ),
    relay: relaySchema.prefault({}).describe('Kinesis-to-Kafka relay settings; all keys have defaults.'),
  })
  .superRefine((stream, ctx) => {
    if (stream.capacity === 'provisioned' && stream.shardCount === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['shardCount'],
        message: 'received nothing; required when capacity is provisioned',
      });
    }
    if (stream.capacity === 'on-demand' && stream.shardCount !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['shardCount'],
        message: `received ${stream.shardCount} with capacity on-demand; allowed only with capacity provisioned`,
      });
    }
    // Glue folds column names to lower case, so itemId and itemid would be one column.
    const columns = new Map<string, string>();
    for (const field of Object.keys(stream.payloadFields ?? {})) {
      const other = columns.get(field.toLowerCase());
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['payloadFields', field],
          message: `received ${JSON.stringify(field)}, the same archive column as ${JSON.stringify(other)} (Glue ignores case); allowed: field names that differ beyond case`,
        });
      }
      columns.set(field.toLowerCase(), field);
    }
    // The archive table's envelope columns and partition keys come first; a payload column may not shadow one.
    for (const field of Object.keys(stream.payloadFields ?? {})) {
      if (RESERVED_ARCHIVE_COLUMNS.has(field.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['payloadFields', field],
          message: `received ${JSON.stringify(field)}, which is the archive table's own column ${field.toLowerCase()}; allowed: a name other than ${[...RESERVED_ARCHIVE_COLUMNS].join(', ')} (in any case)`,
        });
      }
    }
  });
