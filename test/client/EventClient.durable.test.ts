import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { EventClient, type EventClientOptions, type EventDeliveryFailure } from '../../lib/client';
import { putRecordsBodyBytes } from '../../lib/client/putRecordsBodyBytes';
import { acceptAll } from './factories';
import { type FakeEnvironment, fakeEnvironment } from './fakeEnvironment';
import { type MemoryEventQueue, memoryEventQueue } from './memoryEventQueue';

const payloadSchema = z.object({ userId: z.string(), n: z.int(), note: z.string().optional() });
type Payload = z.infer<typeof payloadSchema>;

const kinesis = mockClient(KinesisClient);
/** Every PutRecords call as "key:n" per entry, in call order. */
let calls: string[][];
let failures: EventDeliveryFailure<Payload>[];
let queueErrors: unknown[];
let environment: FakeEnvironment;

function entriesOf(input: PutRecordsCommandInput): string[] {
  return (input.Records ?? []).map((entry) => {
    const event = JSON.parse(new TextDecoder().decode(entry.Data)) as { payload: Payload };
    return `${entry.PartitionKey}:${event.payload.n}`;
  });
}

/** A browser's failed fetch: a TypeError with no HTTP response (retryable). */
function networkError(): Error {
  return new TypeError('Failed to fetch');
}

function answerWith(
  answer: (input: PutRecordsCommandInput) => PutRecordsCommandOutput | Promise<never> = acceptAll,
) {
  kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    calls.push(entriesOf(input));
    return answer(input);
  });
}

function eventClient(options: Partial<EventClientOptions<Payload>> = {}): EventClient<Payload> {
  return new EventClient<Payload>({
    client: new KinesisClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    streamName: 'app-events',
    partitionKeyField: 'userId',
    payloadSchema,
    schemaVersion: 1,
    onFailure: (failed) => failures.push(...failed),
    onQueueError: (error) => queueErrors.push(error),
    environment,
    random: () => 0,
    ...options,
  } as EventClientOptions<Payload>);
}

/** Lets the storage's macrotask-delayed operations run. */
async function settleStorage(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await new Promise((done) => setTimeout(done, 0));
}

function storedIds(queue: MemoryEventQueue): string[] {
  return queue.stored.map((event) => event.eventId);
}

beforeEach(() => {
  kinesis.reset();
  calls = [];
  failures = [];
  queueErrors = [];
  environment = fakeEnvironment();
});

describe('EventClient durable queue', () => {
  it('stores each accepted event, the adds of a task in one call, and removes it once delivered', async () => {
    // Arrange
    answerWith();
    const queue = memoryEventQueue();
    const client = eventClient({ queue });

    // Act
    await Promise.all([0, 1, 2].map((n) => client.send('e', { userId: 'a', n })));
    await settleStorage();
    const storedBeforeFlush = queue.stored.length;
    await client.close();
    await settleStorage();

    // Assert
    expect(storedBeforeFlush).toBe(3);
    expect(queue.log.slice(0, 2)).toEqual(['load', 'add:3']);
    const removed = queue.log.slice(2).map((operation) => Number(operation.replace('remove:', '')));
    expect(removed.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(queue.stored).toEqual([]);
  });

  it('a client made later on the same storage sends the stored events first, with their eventId, in order per key', async () => {
    // Arrange: the first client (a page) buffers events and is abandoned before any call
    answerWith();
    const queue = memoryEventQueue();
    const first = eventClient({ queue, flushIntervalMs: 60_000 });
    for (const n of [0, 1, 2]) {
      await first.send('e', { userId: 'a', n });
      await first.send('e', { userId: 'b', n });
    }
    await settleStorage();
    const idsOfFirst = storedIds(queue);

    // Act: the reloaded page makes a client on the same storage and sends at once
    const second = eventClient({ queue });
    await second.send('e', { userId: 'a', n: 3 });
    await second.close();
    await settleStorage();

    // Assert
    const sentIds = kinesis
      .commandCalls(PutRecordsCommand)
      .flatMap((call) =>
        (call.args[0].input.Records ?? []).map(
          (entry) => JSON.parse(new TextDecoder().decode(entry.Data)).eventId,
        ),
      );
    expect(calls.flat().filter((entry) => entry.startsWith('a:'))).toEqual(['a:0', 'a:1', 'a:2', 'a:3']);
    expect(calls.flat().filter((entry) => entry.startsWith('b:'))).toEqual(['b:0', 'b:1', 'b:2']);
    expect(calls[0]).toEqual(['a:0', 'b:0']);
    expect(sentIds.slice(0, 6).sort()).toEqual([...idsOfFirst].sort());
    expect(queue.stored).toEqual([]);
    expect(second.stats()).toEqual({ sent: 7, retried: 0, failed: 0, buffered: 0 });
    await first.close();
  });

  it('drops stored events over the bounds after a reload, oldest first, through onFailure', async () => {
    // Arrange
    answerWith();
    const queue = memoryEventQueue();
    const first = eventClient({ queue, flushIntervalMs: 60_000 });
    for (const n of [0, 1, 2, 3, 4]) await first.send('e', { userId: `u-${n}`, n });
    await settleStorage();

    // Act
    const second = eventClient({ queue, maxBufferedRecords: 3 });
    await second.flush();
    await settleStorage();

    // Assert
    expect(failures.map((failure) => failure.event.payload.n)).toEqual([0, 1]);
    expect(failures[0].reason).toMatch(/over the buffer's bounds \(maxBufferedRecords 3/);
    expect(calls.flat().sort()).toEqual(['u-2:2', 'u-3:3', 'u-4:4']);
    expect(queue.stored).toEqual([]);
    await second.close();
    await first.close();
  });

  it('writes what waits to be stored at once when the page is hidden, offline and without flushOnPageHide too', async () => {
    // Arrange: no task will run after the page-hide handler, so the next-task write would be lost
    answerWith();
    environment.online = false;
    const queue = memoryEventQueue();
    const client = eventClient({ queue, flushOnPageHide: false });
    await client.send('e', { userId: 'a', n: 0 });

    // Act
    environment.hidePage();
    await queue.idle();

    // Assert
    expect(queue.log).toEqual(['load', 'add:1']);
    expect(calls).toEqual([]);
    environment.goOnline();
    await client.close();
  });

  it('keeps sending when the storage fails, and reports each failure to onQueueError', async () => {
    // Arrange
    answerWith();
    const queue = memoryEventQueue();
    queue.failWith = new Error('QuotaExceededError');
    const client = eventClient({ queue });

    // Act
    for (const n of [0, 1]) await client.send('e', { userId: 'a', n });
    await client.close();
    await settleStorage();

    // Assert
    expect(calls.flat()).toEqual(['a:0', 'a:1']);
    expect(client.stats()).toEqual({ sent: 2, retried: 0, failed: 0, buffered: 0 });
    expect(queueErrors.length).toBeGreaterThanOrEqual(3);
    expect(queueErrors.every((error) => (error as Error).message === 'QuotaExceededError')).toBe(true);
  });
});

describe("EventClient fullBufferPolicy 'dropOldest'", () => {
  it('drops the oldest event not in a call, hands it to onFailure and buffers the new one', async () => {
    // Arrange
    answerWith();
    let now = 1_000;
    const queue = memoryEventQueue();
    const client = eventClient({
      queue,
      maxBufferedRecords: 2,
      fullBufferPolicy: 'dropOldest',
      now: () => now,
    });
    await client.send('e', { userId: 'a', n: 0 });
    now += 1;
    await client.send('e', { userId: 'b', n: 1 });
    now += 1;

    // Act
    await client.send('e', { userId: 'c', n: 2 });
    await client.close();
    await settleStorage();

    // Assert
    expect(failures.map((failure) => failure.event.payload.n)).toEqual([0]);
    expect(failures[0].reason).toMatch(/buffer was full .*fullBufferPolicy is 'dropOldest'/);
    expect(calls.flat().sort()).toEqual(['b:1', 'c:2']);
    expect(client.stats()).toEqual({ sent: 2, retried: 0, failed: 1, buffered: 0 });
    expect(queue.stored).toEqual([]);
  });
});

describe('EventClient offline', () => {
  it('starts no call while offline and sends everything once back online', async () => {
    // Arrange
    answerWith();
    environment.online = false;
    const client = eventClient({ flushIntervalMs: 0 });
    for (const n of [0, 1, 2]) await client.send('e', { userId: `u-${n}`, n });

    // Act
    const flushed = client.flush();
    await new Promise((done) => setTimeout(done, 50));
    const callsWhileOffline = calls.length;
    environment.goOnline();
    await flushed;

    // Assert
    expect(callsWhileOffline).toBe(0);
    expect(calls).toEqual([['u-0:0', 'u-1:1', 'u-2:2']]);
    await client.close();
  });

  it('spends no attempt on a network error while offline, and retries once online', async () => {
    // Arrange: the network drops during the first call
    answerWith((input) => {
      if (calls.length <= 3) {
        environment.online = false;
        return Promise.reject(networkError());
      }
      return acceptAll(input);
    });
    const client = eventClient({ maxAttempts: 1 });
    await client.send('e', { userId: 'a', n: 0 });

    // Act
    const flushed = client.flush();
    await new Promise((done) => setTimeout(done, 20));
    environment.goOnline();
    await new Promise((done) => setTimeout(done, 20));
    environment.goOnline();
    await new Promise((done) => setTimeout(done, 20));
    environment.goOnline();
    await flushed;

    // Assert: three calls failed offline, with maxAttempts 1, and the event still arrived
    expect(failures).toEqual([]);
    expect(calls).toEqual([['a:0'], ['a:0'], ['a:0'], ['a:0']]);
    expect(client.stats()).toMatchObject({ sent: 1, failed: 0, buffered: 0 });
    await client.close();
  });

  it('counts a network error while online as an attempt', async () => {
    // Arrange
    answerWith(() => Promise.reject(networkError()));
    const client = eventClient({ maxAttempts: 2, baseBackoffMs: 1, maxBackoffMs: 1 });
    await client.send('e', { userId: 'a', n: 0 });

    // Act
    await client.flush();

    // Assert
    expect(failures.map((failure) => [failure.attempts, failure.reason])).toEqual([
      [2, 'TypeError: Failed to fetch'],
    ]);
    await client.close();
  });
});

describe('EventClient page lifecycle', () => {
  it('sends everything buffered at once when the page hides, a key’s events together and in order', async () => {
    // Arrange
    answerWith();
    const client = eventClient({ flushIntervalMs: 60_000 });
    for (const n of [0, 1, 2]) {
      await client.send('e', { userId: 'a', n });
      await client.send('e', { userId: 'b', n });
    }

    // Act
    environment.hidePage();
    await new Promise((done) => setTimeout(done, 20));

    // Assert: one keepalive call, then the events it delivered are settled without another call
    expect(calls).toEqual([['a:0', 'a:1', 'a:2', 'b:0', 'b:1', 'b:2']]);
    await client.flush();
    expect(calls).toHaveLength(1);
    expect(client.stats()).toEqual({ sent: 6, retried: 0, failed: 0, buffered: 0 });
    await client.close();
  });

  it('sends at most 64 KiB of request body and leaves the rest for ordinary calls', async () => {
    // Arrange: 20 events of about 6 KiB of base64 each
    answerWith();
    const client = eventClient({ flushIntervalMs: 60_000 });
    for (let n = 0; n < 20; n += 1) await client.send('e', { userId: `u-${n}`, n, note: 'x'.repeat(4_400) });

    // Act
    environment.hidePage();
    await new Promise((done) => setTimeout(done, 20));
    const [keepaliveCall] = kinesis.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);

    // Assert: the first call, made in the hide handler, holds what fits in 64 KiB of body
    const records = (keepaliveCall.Records ?? []).map((entry) => ({
      data: entry.Data as Uint8Array,
      partitionKey: entry.PartitionKey ?? '',
    }));
    const bodyBytes = putRecordsBodyBytes('app-events', records);
    expect(records).toHaveLength(10);
    expect(bodyBytes).toBeLessThanOrEqual(64 * 1024);
    expect(bodyBytes + putRecordsBodyBytes('', [records[0]]) - putRecordsBodyBytes('', [])).toBeGreaterThan(
      64 * 1024,
    );
    await client.close();
    expect(calls.flat().sort()).toEqual(Array.from({ length: 20 }, (_, n) => `u-${n}:${n}`).sort());
    expect(client.stats()).toMatchObject({ sent: 20, failed: 0 });
  });

  it('counts as sent an event a keepalive call delivered while its ordinary call failed for good', async () => {
    // Arrange: the ordinary call is held open, then refused with an error no retry fixes
    let refuse: () => void = () => undefined;
    const refused = new Promise<void>((done) => {
      refuse = done;
    });
    kinesis.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
      calls.push(entriesOf(input));
      if (calls.length > 1) return acceptAll(input);
      await refused;
      throw Object.assign(new Error('Access denied'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const client = eventClient();
    await client.send('e', { userId: 'a', n: 0 });
    const flushed = client.flush();
    await new Promise((done) => setTimeout(done, 10));

    // Act
    environment.hidePage();
    await new Promise((done) => setTimeout(done, 10));
    refuse();
    await flushed;

    // Assert
    expect(calls).toEqual([['a:0'], ['a:0']]);
    expect(failures).toEqual([]);
    expect(client.stats()).toEqual({ sent: 1, retried: 0, failed: 0, buffered: 0 });
    await client.close();
  });

  it('sends nothing on page hide while offline', async () => {
    // Arrange
    answerWith();
    environment.online = false;
    const client = eventClient();
    await client.send('e', { userId: 'a', n: 0 });

    // Act
    environment.hidePage();
    await new Promise((done) => setTimeout(done, 20));

    // Assert
    expect(calls).toEqual([]);
    environment.goOnline();
    await client.close();
    expect(calls).toEqual([['a:0']]);
  });

  it('does nothing on page hide when flushOnPageHide is false', async () => {
    // Arrange
    answerWith();
    const client = eventClient({ flushOnPageHide: false, flushIntervalMs: 60_000 });
    await client.send('e', { userId: 'a', n: 0 });

    // Act
    environment.hidePage();
    await new Promise((done) => setTimeout(done, 20));

    // Assert
    expect(calls).toEqual([]);
    expect(environment.listeners().pageHide).toBe(0);
    await client.close();
  });

  it('close() removes its online and page listeners', async () => {
    // Arrange
    answerWith();
    const client = eventClient();
    const before = environment.listeners();

    // Act
    await client.close();

    // Assert
    expect(before).toEqual({ online: 1, pageHide: 1 });
    expect(environment.listeners()).toEqual({ online: 0, pageHide: 0 });
  });
});
