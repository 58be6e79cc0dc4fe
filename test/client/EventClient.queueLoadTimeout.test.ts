import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { EventClient, type EventClientOptions } from '../../lib/client';
import { EventQueueStorageError, InvalidPropsError } from '../../lib/core/errors';
import { acceptAll } from './factories';
import { type FakeEnvironment, fakeEnvironment } from './fakeEnvironment';
import { type MemoryEventQueue, memoryEventQueue } from './memoryEventQueue';

const payloadSchema = z.object({ userId: z.string(), n: z.int() });
type Payload = z.infer<typeof payloadSchema>;

const kinesis = mockClient(KinesisClient);
let queueErrors: unknown[];
let environment: FakeEnvironment;

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
    onFailure: () => undefined,
    onQueueError: (error) => queueErrors.push(error),
    environment,
    flushOnPageHide: false,
    ...options,
  } as EventClientOptions<Payload>);
}

/** A queue holding one event an earlier client stored, whose load never settles (a blocked IndexedDB open). */
function neverLoadingQueue(): MemoryEventQueue {
  const data = new TextEncoder().encode(
    JSON.stringify({
      eventId: 'id-old',
      name: 'e',
      clientTime: '2026-12-07T10:00:00.000Z',
      schemaVersion: 1,
      payload: { userId: 'a', n: 0 },
    }),
  );
  const queue = memoryEventQueue([{ eventId: 'id-old', partitionKey: 'a', data }]);
  queue.load = () => new Promise(() => undefined);
  return queue;
}

const sentKeys = () =>
  kinesis
    .commandCalls(PutRecordsCommand)
    .flatMap((call) => (call.args[0].input.Records ?? []).map((entry) => entry.PartitionKey));

beforeEach(() => {
  kinesis.reset();
  kinesis.on(PutRecordsCommand).callsFake(acceptAll);
  queueErrors = [];
  environment = fakeEnvironment();
});

describe('EventClient queue load timeout', () => {
  it('sends in memory only after a load that never settles, reporting it once', async () => {
    // Arrange
    const queue = neverLoadingQueue();
    const client = eventClient({ queue, queueLoadTimeoutMs: 50 });

    // Act: would wait forever for the load without the timeout
    await client.send('e', { userId: 'b', n: 1 });
    await client.send('e', { userId: 'c', n: 2 });
    await client.flush();

    // Assert
    expect(sentKeys().sort()).toEqual(['b', 'c']);
    expect(client.stats()).toMatchObject({ sent: 2, buffered: 0 });
    expect(queueErrors).toEqual([expect.any(EventQueueStorageError)]);
    expect(queueErrors[0]).toMatchObject({ operation: 'load' });
    expect(String(queueErrors[0])).toMatch(/no answer within 50 ms \(queueLoadTimeoutMs\)/);
    await client.close();
  });

  it('writes nothing to the storage afterwards, even on page hide, and leaves the stored events', async () => {
    // Arrange
    const queue = neverLoadingQueue();
    const client = eventClient({ queue, queueLoadTimeoutMs: 50 });
    await client.send('e', { userId: 'b', n: 1 });

    // Act
    environment.hidePage();
    await client.close();
    await queue.idle();

    // Assert
    expect(queue.log).toEqual([]);
    expect(queue.stored.map((event) => event.eventId)).toEqual(['id-old']);
  });

  it('refuses a queueLoadTimeoutMs below 1, naming it', () => {
    // Arrange / Act
    const act = () => eventClient({ queue: false, queueLoadTimeoutMs: 0 });

    // Assert
    expect(act).toThrow(InvalidPropsError);
    expect(act).toThrow(/queueLoadTimeoutMs: received 0; allowed: an integer ≥ 1/);
  });
});
