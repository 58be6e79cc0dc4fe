import * as z from 'zod';
import { DataLakeError } from '../errors';

/** The shard and sequence range of records a relay's event source mapping gave up on. */
export interface RelayFailureRange {
  readonly streamArn: string;
  readonly shardId: string;
  /** The first record's sequence number. */
  readonly startSequenceNumber: string;
  /** The last record's sequence number. */
  readonly endSequenceNumber: string;
  /** How many records the range holds. */
  readonly batchSize: number;
}

const SEQUENCE = z.string().regex(/^\d+$/, 'allowed: a Kinesis sequence number (digits)');

/**
 * The on-failure record a Kinesis event source mapping sends its destination: metadata of the
 * failed invocation with `KinesisBatchInfo` (shard id, first and last sequence number, batch size,
 * stream ARN), never the records ("Retain discarded batch records for a Kinesis Data Streams event
 * source in Lambda", Lambda Developer Guide).
 */
const relayFailureSchema = z.object({
  KinesisBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: SEQUENCE,
    endSequenceNumber: SEQUENCE,
    batchSize: z.number().int().positive(),
    streamArn: z.string().min(1),
  }),
});

/**
 * The record range one failure-queue message of a relay points at: parsed from the message body
 * (JSON) the event source mapping wrote.
 *
 * @throws DataLakeError naming the field when the body is not such a record
 * @example
 * ```ts
 * relayFailureRange('{"KinesisBatchInfo":{"shardId":"shardId-000000000000","startSequenceNumber":"4959…01","endSequenceNumber":"4959…09","batchSize":9,"streamArn":"arn:aws:kinesis:…"}}');
 * // { shardId: 'shardId-000000000000', startSequenceNumber: '4959…01', endSequenceNumber: '4959…09', batchSize: 9, streamArn: 'arn:aws:kinesis:…' }
 * ```
 */
export function relayFailureRange(body: string): RelayFailureRange {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new DataLakeError(`Failure-queue message is not JSON: ${body.slice(0, 200)}`, { cause: error });
  }
  const parsed = relayFailureSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataLakeError(
      `Failure-queue message is not a Kinesis on-failure record: ${issue?.path.join('.') ?? '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data.KinesisBatchInfo;
}
