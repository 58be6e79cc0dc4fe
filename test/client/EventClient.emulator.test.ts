import type { KinesisClient } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { EventClient, type EventDeliveryFailure } from '../../lib/client';
import { type EventEnvelope, eventEnvelopeSchema } from '../../lib/core/events';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../lib/local/events/startKinesis';
import { type KinesisFaultProxy, startKinesisFaultProxy } from '../helpers/kinesisFaultProxy';
import { fakeEnvironment } from './fakeEnvironment';
import { memoryEventQueue } from './memoryEventQueue';
import { readStream } from './readStream';

const payloadSchema = z.object({ userId: z.string(), n: z.int() });
type Payload = z.infer<typeof payloadSchema>;

let emulator: KinesisEmulator;
let admin: KinesisClient;

beforeAll(async () => {
  emulator = await startKinesis();
  admin = localKinesisClient(emulator.endpoint);
});

afterAll(async () => {
  admin.destroy();
  await emulator.stop();
});

/** Sends `perKey` events for each of `keys` users, interleaved, payload n counting per user from `from`. */
async function sendInterleaved(
  client: EventClient<Payload>,
  keys: number,
  perKey: number,
  from = 0,
): Promise<void> {
  for (let n = from; n < from + perKey; n += 1) {
    for (let user = 0; user < keys; user += 1) await client.send('item_viewed', { userId: `u-${user}`, n });
  }
}

/** Decodes what the stream holds and checks it is every sent event once, each key in order. */
async function expectEveryEventOnceInOrder(stream: string, keys: number, perKey: number): Promise<void> {
  const records = await readStream(admin, stream);
  const events = records.map(
    (record) => eventEnvelopeSchema.parse(JSON.parse(record.data)) as EventEnvelope<Payload>,
  );
  expect(records).toHaveLength(keys * perKey);
  expect(new Set(events.map((event) => event.eventId)).size).toBe(keys * perKey);
  const byKey = new Map<string, number[]>();
  for (const [index, event] of events.entries()) {
    expect(records[index].partitionKey).toBe(event.payload.userId);
    byKey.set(event.payload.userId, [...(byKey.get(event.payload.userId) ?? []), event.payload.n]);
  }
  const inOrder = Array.from({ length: perKey }, (_, n) => n);
  expect(byKey.size).toBe(keys);
  for (const sequence of byKey.values()) expect(sequence).toEqual(inOrder);
}

describe('EventClient against kinesalite', () => {
  it('delivers 12,000 events over 200 keys exactly once each, in order per key', async () => {
    // Arrange
    await createLocalStream(admin, 'clean', 4);
    const failures: EventDeliveryFailure<Payload>[] = [];
    const client = new EventClient<Payload>({
      client: admin,
      streamName: 'clean',
      partitionKeyField: 'userId',
      payloadSchema,
      schemaVersion: 1,
      onFailure: (failed) => failures.push(...failed),
    });

    // Act
    await sendInterleaved(client, 200, 60);
    await client.close();

    // Assert
    expect(failures).toEqual([]);
    expect(client.stats()).toEqual({ sent: 12_000, retried: 0, failed: 0, buffered: 0 });
    await expectEveryEventOnceInOrder('clean', 200, 60);
  }, 90_000);

  describe('behind a proxy that injects partial failures, throttling and 5xx', () => {
    let proxy: KinesisFaultProxy;
    let viaProxy: KinesisClient;

    beforeAll(async () => {
      // Every 3rd call loses its odd entries, every 7th is throttled, every 11th gets a 500.
      proxy = await startKinesisFaultProxy(emulator.endpoint, (call) => {
        if (call % 7 === 6) return { kind: 'throttle' };
        if (call % 11 === 10) return { kind: 'server-error' };
        if (call % 3 === 0) return { kind: 'fail-entries', fail: (index) => index % 2 === 1 };
        return undefined;
      });
      viaProxy = localKinesisClient(proxy.endpoint);
    });

    afterAll(async () => {
      viaProxy.destroy();
      await proxy.stop();
    });

    it('retries exactly the refused entries and calls, and loses or reorders nothing', async () => {
      // Arrange
      await createLocalStream(admin, 'faulty', 4);
      const failures: EventDeliveryFailure<Payload>[] = [];
      const client = new EventClient<Payload>({
        client: viaProxy,
        streamName: 'faulty',
        partitionKeyField: 'userId',
        payloadSchema,
        schemaVersion: 1,
        maxAttempts: 20,
        baseBackoffMs: 1,
        maxBackoffMs: 20,
        onFailure: (failed) => failures.push(...failed),
      });

      // Act
      await sendInterleaved(client, 200, 50);
      await client.close();

      // Assert
      expect(proxy.injected.failedEntries).toBeGreaterThan(0);
      expect(proxy.injected.failedCalls).toBeGreaterThan(0);
      expect(failures).toEqual([]);
      expect(client.stats()).toEqual({
        sent: 10_000,
        retried: proxy.injected.failedEntries + proxy.injected.failedCallEntries,
        failed: 0,
        buffered: 0,
      });
      await expectEveryEventOnceInOrder('faulty', 200, 50);
    }, 90_000);
  });

  it('a client made on the stored queue of one that went offline and was abandoned delivers everything once, in order per key', async () => {
    // Arrange: the first client (a page) delivers 10 events per key, then buffers 20 more per key
    // offline and is abandoned (the tab is killed) with them stored
    // Two shards: kinesalite allows 10 in all and the other tests here take 8.
    await createLocalStream(admin, 'replay', 2);
    const failures: EventDeliveryFailure<Payload>[] = [];
    const queue = memoryEventQueue();
    const options = {
      client: admin,
      streamName: 'replay',
      partitionKeyField: 'userId',
      payloadSchema,
      schemaVersion: 1,
      queue,
      onFailure: (failed: readonly EventDeliveryFailure<Payload>[]) => failures.push(...failed),
    };
    const firstEnvironment = fakeEnvironment();
    const first = new EventClient<Payload>({ ...options, environment: firstEnvironment });
    await sendInterleaved(first, 50, 10);
    await first.flush();
    firstEnvironment.online = false;
    await sendInterleaved(first, 50, 20, 10);
    // The client writes to its storage in the next task.
    await new Promise((done) => setTimeout(done, 0));
    await queue.idle();
    const storedWhenAbandoned = queue.stored.length;

    // Act: the next load sends the stored events first, then its own 10 per key
    const second = new EventClient<Payload>({ ...options, environment: fakeEnvironment() });
    await sendInterleaved(second, 50, 10, 30);
    await second.close();
    await new Promise((done) => setTimeout(done, 0));
    await queue.idle();

    // Assert
    expect(storedWhenAbandoned).toBe(1_000);
    expect(failures).toEqual([]);
    expect(second.stats()).toEqual({ sent: 1_500, retried: 0, failed: 0, buffered: 0 });
    expect(queue.stored).toEqual([]);
    await expectEveryEventOnceInOrder('replay', 50, 40);
  }, 90_000);
});
