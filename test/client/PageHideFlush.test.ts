import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { type BufferedEvent, RecordBatcher } from '../../lib/client';
import { PageHideFlush } from '../../lib/client/PageHideFlush';
import { bufferedEvent } from './factories';

const kinesis = mockClient(KinesisClient);
let delivered: BufferedEvent[];
let callEnds: number;
let credentialFetches: number;

function held(events: BufferedEvent[]): Generator<BufferedEvent> {
  const batcher = new RecordBatcher();
  for (const record of events) batcher.add(record);
  return batcher.held();
}

function pageHideFlush(): PageHideFlush<Record<string, unknown>> {
  return new PageHideFlush({
    client: new KinesisClient({
      region: 'eu-west-1',
      credentials: async () => {
        credentialFetches += 1;
        return { accessKeyId: 'test', secretAccessKey: 'test' };
      },
    }),
    streamName: 'app-events',
    onDelivered: (record) => delivered.push(record),
    onCallEnd: () => {
      callEnds += 1;
    },
  });
}

/** Kinesis's answer: entries at `refused` indexes fail with throughput exceeded. */
function answer(input: PutRecordsCommandInput, refused: number[] = []): PutRecordsCommandOutput {
  return {
    $metadata: {},
    FailedRecordCount: refused.length,
    Records: (input.Records ?? []).map((_, index) =>
      refused.includes(index)
        ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' }
        : { SequenceNumber: String(index), ShardId: 'shardId-0' },
    ),
  };
}

/** Lets the mocked calls answer. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((done) => setTimeout(done, 0));
}

const keysOf = (input: PutRecordsCommandInput | undefined) =>
  (input?.Records ?? []).map((entry) => entry.PartitionKey);

beforeEach(() => {
  kinesis.reset();
  delivered = [];
  callEnds = 0;
  credentialFetches = 0;
});

describe('PageHideFlush', () => {
  it('resolves the credentials when made, not in the page-hide handler', async () => {
    // Act
    const flush = pageHideFlush();
    await settle();

    // Assert
    expect(credentialFetches).toBe(1);
    flush.destroy();
  });

  it('sends what is held in one keepalive call, a key’s events together, and marks them delivered', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => answer(input));
    const events = [bufferedEvent('a'), bufferedEvent('b'), bufferedEvent('a')];
    const flush = pageHideFlush();

    // Act
    flush.send(held(events));
    await settle();

    // Assert
    const [call] = kinesis.commandCalls(PutRecordsCommand).map((sent) => sent.args[0].input);
    expect(call.StreamName).toBe('app-events');
    expect(keysOf(call)).toEqual(['a', 'a', 'b']);
    expect(delivered).toEqual([events[0], events[2], events[1]]);
    expect(events.map((record) => flush.wasDelivered(record))).toEqual([true, true, true]);
    expect(callEnds).toBe(1);
    flush.destroy();
  });

  it('counts a key’s entries after its first refused one as not delivered', async () => {
    // Arrange: the call holds a, a, b; the first a is refused
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => answer(input, [0]));
    const events = [bufferedEvent('a'), bufferedEvent('a'), bufferedEvent('b')];
    const flush = pageHideFlush();

    // Act
    flush.send(held(events));
    await settle();

    // Assert
    expect(delivered).toEqual([events[2]]);
    expect(flush.wasDelivered(events[1])).toBe(false);
  });

  it('marks nothing when the call fails', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).rejects(new TypeError('Failed to fetch'));
    const events = [bufferedEvent('a')];
    const flush = pageHideFlush();

    // Act
    flush.send(held(events));
    await settle();

    // Assert
    expect(delivered).toEqual([]);
    expect(flush.hasDelivered).toBe(false);
    expect(callEnds).toBe(0);
  });

  it('sends neither events in a call not answered yet nor more than the 64 KiB quota left', async () => {
    // Arrange: a first call of 40 KB never answers while the page is hidden again
    const answers: (() => void)[] = [];
    kinesis
      .on(PutRecordsCommand)
      .callsFake(
        (input: PutRecordsCommandInput) =>
          new Promise<PutRecordsCommandOutput>((done) => answers.push(() => done(answer(input)))),
      );
    const first = bufferedEvent('a', 30_000);
    const large = bufferedEvent('b', 30_000);
    const small = bufferedEvent('c', 100);
    const flush = pageHideFlush();
    flush.send(held([first]));

    // Act
    flush.send(held([first, large, small]));

    // Assert: the second call holds only c (a is in flight, b's base64 body is over what is left)
    const sent = kinesis.commandCalls(PutRecordsCommand).map((call) => keysOf(call.args[0].input));
    expect(sent).toEqual([['a'], ['c']]);
    for (const done of answers) done();
    await settle();
  });

  it('does not mark an event its client settled while the keepalive call was in flight', async () => {
    // Arrange
    let respond: (() => void) | undefined;
    kinesis.on(PutRecordsCommand).callsFake(
      (input: PutRecordsCommandInput) =>
        new Promise<PutRecordsCommandOutput>((done) => {
          respond = () => done(answer(input));
        }),
    );
    const events = [bufferedEvent('a'), bufferedEvent('b')];
    const flush = pageHideFlush();
    flush.send(held(events));

    // Act: an ordinary call settled a first
    flush.release(events[0]);
    respond?.();
    await settle();

    // Assert
    expect(delivered).toEqual([events[1]]);
    expect(flush.wasDelivered(events[0])).toBe(false);
    expect(flush.takeDelivered(events[1])).toBe(true);
    expect(flush.hasDelivered).toBe(false);
  });
});
