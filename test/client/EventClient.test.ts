import {
  KinesisClient,
  ProvisionedThroughputExceededException,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { EventClient, type EventClientTuning, type EventDeliveryFailure } from '../../lib/client';
import {
  BufferFullError,
  EventClientClosedError,
  EventEnvelopeError,
  InvalidPropsError,
  RecordTooLargeError,
} from '../../lib/core/errors';
import { acceptAll } from './factories';

const payloadSchema = z.object({ userId: z.string(), n: z.int(), note: z.string().optional() });
type Payload = z.infer<typeof payloadSchema>;

const kinesis = mockClient(KinesisClient);
/** Every PutRecords call as "key:n" per entry, in call order. */
let calls: string[][];
let failures: EventDeliveryFailure<Payload>[];

function entriesOf(input: PutRecordsCommandInput): string[] {
  return (input.Records ?? []).map((entry) => {
    const event = JSON.parse(new TextDecoder().decode(entry.Data)) as { payload: Payload };
    return `${entry.PartitionKey}:${event.payload.n}`;
  });
}

/** Answers PutRecords with `answer` (default: accept every entry) and records each call's entries. */
function answerWith(
  answer: (input: PutRecordsCommandInput, call: number) => PutRecordsCommandOutput = acceptAll,
) {
  kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    calls.push(entriesOf(input));
    return answer(input, calls.length - 1);
  });
}

function eventClient(tuning: EventClientTuning = {}): EventClient<Payload> {
  return new EventClient<Payload>({
    client: new KinesisClient({ region: 'eu-west-1' }),
    streamName: 'app-events',
    partitionKeyField: 'userId',
    payloadSchema,
    schemaVersion: 1,
    onFailure: (failed) => failures.push(...failed),
    random: () => 0,
    ...tuning,
  });
}

beforeEach(() => {
  kinesis.reset();
  calls = [];
  failures = [];
});

describe('EventClient.send', () => {
  it('refuses a payload its schema refuses and buffers nothing', async () => {
    // Arrange
    answerWith();
    const client = eventClient();

    // Act
    const sending = client.send('item_viewed', { userId: 'u', n: 'one' } as unknown as Payload);

    // Assert
    await expect(sending).rejects.toThrow(EventEnvelopeError);
    await client.close();
    expect(client.stats()).toEqual({ sent: 0, retried: 0, failed: 0, buffered: 0 });
    expect(calls).toEqual([]);
  });

  it('refuses a record over 1 MiB and does not send it', async () => {
    // Arrange
    answerWith();
    const client = eventClient();

    // Act
    const sending = client.send('item_viewed', { userId: 'u', n: 1, note: 'x'.repeat(1024 * 1024) });

    // Assert
    await expect(sending).rejects.toThrow(RecordTooLargeError);
    await client.close();
    expect(calls).toEqual([]);
  });

  it('resolves when the event is buffered, before any call', async () => {
    // Arrange
    answerWith();
    const client = eventClient();

    // Act
    await client.send('item_viewed', { userId: 'u', n: 1 });

    // Assert
    expect(calls).toEqual([]);
    expect(client.stats().buffered).toBe(1);
    await client.close();
  });

  it('rejects with BufferFullError when the buffer is full and the policy is reject', async () => {
    // Arrange
    answerWith();
    const client = eventClient({ maxBufferedRecords: 2, fullBufferPolicy: 'reject' });
    await client.send('e', { userId: 'a', n: 1 });
    await client.send('e', { userId: 'b', n: 2 });

    // Act
    const third = client.send('e', { userId: 'c', n: 3 });

    // Assert
    await expect(third).rejects.toThrow(BufferFullError);
    await expect(third).rejects.toThrow(/buffer holds 2 events .*allowed: at most 2 events/);
    await client.close();
    expect(calls.flat().sort()).toEqual(['a:1', 'b:2']);
  });

  it("with 'wait', blocks a send until a call frees room, then buffers it", async () => {
    // Arrange: the first call is held open until the test lets it answer
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => {
      release = done;
    });
    kinesis.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
      calls.push(entriesOf(input));
      if (calls.length === 1) await held;
      return acceptAll(input);
    });
    const client = eventClient({ maxBufferedRecords: 2, fullBufferPolicy: 'wait' });
    await client.send('e', { userId: 'a', n: 1 });
    await client.send('e', { userId: 'b', n: 2 });
    let admitted = false;

    // Act
    const third = client.send('e', { userId: 'c', n: 3 }).then(() => {
      admitted = true;
    });
    await new Promise((done) => setImmediate(done));
    const admittedWhileFull = admitted;
    release();
    await third;

    // Assert
    expect(admittedWhileFull).toBe(false);
    expect(admitted).toBe(true);
    await client.close();
    expect(calls).toEqual([['a:1', 'b:2'], ['c:3']]);
  });

  it('refuses events after close()', async () => {
    // Arrange
    answerWith();
    const client = eventClient();
    await client.close();

    // Act
    const sending = client.send('item_viewed', { userId: 'u', n: 1 });

    // Assert
    await expect(sending).rejects.toThrow(EventClientClosedError);
  });
});

describe('EventClient delivery', () => {
  it('sends buffered events in one PutRecords call on flush() and counts them', async () => {
    // Arrange
    answerWith();
    const client = eventClient();
    for (const [userId, n] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      await client.send('e', { userId, n });

    // Act
    await client.flush();

    // Assert
    expect(calls).toEqual([['a:1', 'b:2', 'c:3']]);
    expect(client.stats()).toEqual({ sent: 3, retried: 0, failed: 0, buffered: 0 });
    await client.close();
  });

  it('names the stream by ARN when given one', async () => {
    // Arrange
    answerWith();
    const arn = 'arn:aws:kinesis:eu-west-1:123456789012:stream/app-events';
    const client = new EventClient<Payload>({
      client: new KinesisClient({ region: 'eu-west-1' }),
      streamArn: arn,
      partitionKeyField: 'userId',
      payloadSchema,
      schemaVersion: 1,
      onFailure: () => undefined,
    });
    await client.send('e', { userId: 'a', n: 1 });

    // Act
    await client.close();

    // Assert
    const input = kinesis.commandCalls(PutRecordsCommand)[0].args[0].input;
    expect([input.StreamARN, input.StreamName]).toEqual([arn, undefined]);
  });

  it('sends on its own after flushIntervalMs', async () => {
    // Arrange
    jest.useFakeTimers();
    try {
      answerWith();
      const client = eventClient({ flushIntervalMs: 1000 });
      await client.send('e', { userId: 'a', n: 1 });

      // Act
      await jest.advanceTimersByTimeAsync(999);
      const before = calls.length;
      await jest.advanceTimersByTimeAsync(1);

      // Assert
      expect(before).toBe(0);
      expect(calls).toEqual([['a:1']]);
      await client.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('starts a call without waiting for the interval once 500 records are buffered', async () => {
    // Arrange
    answerWith();
    const client = eventClient({ flushIntervalMs: 60_000 });

    // Act
    for (let n = 0; n < 500; n += 1) await client.send('e', { userId: `k${n}`, n });

    // Assert
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(500);
    await client.close();
  });

  it('retries only the entries a partial failure refused', async () => {
    // Arrange: the first call refuses its second entry
    answerWith((input, call) => {
      const output = acceptAll(input);
      if (call > 0) return output;
      output.FailedRecordCount = 1;
      output.Records = output.Records?.map((result, index) =>
        index === 1
          ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
          : result,
      );
      return output;
    });
    const client = eventClient();
    for (const [userId, n] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      await client.send('e', { userId, n });

    // Act
    await client.flush();

    // Assert
    expect(calls).toEqual([['a:1', 'b:2', 'c:3'], ['b:2']]);
    expect(client.stats()).toEqual({ sent: 3, retried: 1, failed: 0, buffered: 0 });
    await client.close();
  });

  it('keeps the order of a key: its next event waits until the failed one is delivered', async () => {
    // Arrange: the first call refuses every entry
    answerWith((input, call) =>
      call === 0
        ? {
            $metadata: {},
            FailedRecordCount: input.Records?.length,
            Records: (input.Records ?? []).map(() => ({
              ErrorCode: 'InternalFailure',
              ErrorMessage: 'oops',
            })),
          }
        : acceptAll(input),
    );
    const client = eventClient();
    for (const [userId, n] of [
      ['a', 1],
      ['a', 2],
      ['b', 3],
    ] as const)
      await client.send('e', { userId, n });

    // Act
    await client.flush();

    // Assert
    expect(calls).toEqual([['a:1', 'b:3'], ['a:1', 'b:3'], ['a:2']]);
  });

  it('retries a throttled call with all its entries', async () => {
    // Arrange
    kinesis
      .on(PutRecordsCommand)
      .rejectsOnce(
        new ProvisionedThroughputExceededException({
          message: 'Rate exceeded',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .callsFake((input: PutRecordsCommandInput) => acceptAll(input));
    const client = eventClient();
    await client.send('e', { userId: 'a', n: 1 });
    await client.send('e', { userId: 'b', n: 2 });

    // Act
    await client.flush();

    // Assert
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(2);
    expect(client.stats()).toEqual({ sent: 2, retried: 2, failed: 0, buffered: 0 });
    await client.close();
  });

  it('hands events to onFailure after maxAttempts, with the reason, and flush() resolves', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const client = eventClient({ maxAttempts: 3 });
    await client.send('e', { userId: 'a', n: 1 });

    // Act
    await client.flush();

    // Assert
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      partitionKey: 'a',
      attempts: 3,
      reason: 'ProvisionedThroughputExceededException: Rate exceeded',
      event: { name: 'e', payload: { userId: 'a', n: 1 } },
    });
    expect(client.stats()).toEqual({ sent: 0, retried: 2, failed: 1, buffered: 0 });
    await client.close();
  });

  it('fails at once on an error no retry fixes (missing stream)', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).rejects(
      new ResourceNotFoundException({
        message: 'Stream app-events not found',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const client = eventClient({ maxAttempts: 5 });
    await client.send('e', { userId: 'a', n: 1 });

    // Act
    await client.close();

    // Assert
    expect(failures.map((failure) => [failure.attempts, failure.reason])).toEqual([
      [1, 'ResourceNotFoundException: Stream app-events not found'],
    ]);
    expect(client.stats().retried).toBe(0);
  });

  it('sends the next event of a key after its predecessor failed for good', async () => {
    // Arrange
    answerWith((input, call) =>
      call === 0
        ? {
            $metadata: {},
            FailedRecordCount: 1,
            Records: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }],
          }
        : acceptAll(input),
    );
    const client = eventClient({ maxAttempts: 1 });
    await client.send('e', { userId: 'a', n: 1 });
    await client.send('e', { userId: 'a', n: 2 });

    // Act
    await client.close();

    // Assert
    expect(calls).toEqual([['a:1'], ['a:2']]);
    expect(failures.map((failure) => failure.event.payload.n)).toEqual([1]);
  });

  function countingInFlight(): { most: () => number } {
    let inFlight = 0;
    let most = 0;
    kinesis.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((done) => setImmediate(done));
      inFlight -= 1;
      return acceptAll(input);
    });
    return { most: () => most };
  }

  it('never has more calls in flight than maxConcurrentCalls', async () => {
    // Arrange: 1,300 keys make three calls of up to 500
    const counter = countingInFlight();
    const client = eventClient({ maxConcurrentCalls: 2, flushIntervalMs: 60_000 });
    for (let n = 0; n < 1300; n += 1) await client.send('e', { userId: `k${n}`, n });

    // Act
    await client.close();

    // Assert
    expect(counter.most()).toBe(2);
    expect(client.stats().sent).toBe(1300);
  });

  it('sends the events of a single key one call at a time', async () => {
    // Arrange
    const counter = countingInFlight();
    const client = eventClient({ maxConcurrentCalls: 4 });
    for (let n = 0; n < 30; n += 1) await client.send('e', { userId: 'same', n });

    // Act
    await client.close();

    // Assert
    expect(counter.most()).toBe(1);
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(30);
  });
});

describe('EventClient options', () => {
  it('names every bad option at once', () => {
    // Arrange / Act
    const act = () =>
      eventClient({ maxAttempts: 0, maxBufferedBytes: 1000, maxBackoffMs: 10, baseBackoffMs: 50 });

    // Assert
    expect(act).toThrow(InvalidPropsError);
    expect(act).toThrow(/maxBufferedBytes: received 1000; allowed: an integer ≥ 1048576/);
    expect(act).toThrow(/maxAttempts: received 0; allowed: an integer ≥ 1/);
    expect(act).toThrow(/maxBackoffMs: received 10; allowed: an integer ≥ 50/);
  });
});
