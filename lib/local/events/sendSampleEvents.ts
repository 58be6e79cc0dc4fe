import type { KinesisClient } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { EventClient, type EventClientStats } from '../../client';
import type { StreamConfig } from '../../config';
import { DataLakeError } from '../../core/errors';
import { samplePayload } from './samplePayload';

/** The event names the samples take turns with: every tenth a purchase. */
const sampleName = (index: number) => (index % 10 === 0 ? 'item_purchased' : 'item_viewed');

/**
 * Sends `count` sample events ({@link samplePayload}) into a stream through the client SDK, as an
 * app would, and waits until Kinesis has them all.
 *
 * @returns the client's counters
 * @throws DataLakeError when the client gave up on any event (naming how many and the first reason)
 * @example
 * ```ts
 * const stats = await sendSampleEvents(kinesis, stream, 1000); // { sent: 1000, retried: 0, failed: 0, buffered: 0 }
 * ```
 */
export async function sendSampleEvents(
  kinesis: KinesisClient,
  stream: StreamConfig,
  count: number,
): Promise<EventClientStats> {
  const reasons: string[] = [];
  const client = new EventClient<Record<string, unknown>>({
    client: kinesis,
    streamName: stream.name,
    partitionKeyField: stream.partitionKeyField,
    payloadSchema: z.record(z.string(), z.unknown()),
    schemaVersion: 1,
    onFailure: (failures) => reasons.push(...failures.map((failure) => failure.reason)),
  });
  try {
    for (let index = 0; index < count; index++)
      await client.send(sampleName(index), samplePayload(stream, index));
  } finally {
    await client.close();
  }
  if (reasons.length > 0) {
    throw new DataLakeError(
      `Stream ${stream.name}: ${reasons.length} of ${count} sample events were not delivered to the local Kinesis; first reason: ${reasons[0]}`,
    );
  }
  return client.stats();
}
