import { KinesisClient } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { streamSchema } from '../../../lib/config/stream';
import { sendSampleEvents } from '../../../lib/local/events/sendSampleEvents';

/** The stream's config, its deployed name (the lake prefixes it) and how many events to send. */
const sendEventsSchema = z.strictObject({
  stream: streamSchema,
  streamName: z.string(),
  count: z.int().min(1).max(10_000),
});

const kinesis = new KinesisClient({});

/**
 * Sends sample events through the client SDK, as an app would (`sendSampleEvents`: the events
 * `datalake local --events` sends), and returns the client's counters `{ sent, retried, failed, buffered }`.
 */
export const handler = async (event: unknown) => {
  const { stream, streamName, count } = sendEventsSchema.parse(event);
  return sendSampleEvents(kinesis, { ...stream, name: streamName }, count);
};
