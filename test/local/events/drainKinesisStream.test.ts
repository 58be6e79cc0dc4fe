import { type _Record, type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { DataLakeError } from '../../../lib/core/errors';
import { drainKinesisStream } from '../../../lib/local/events/drainKinesisStream';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../../lib/local/events/startKinesis';

let emulator: KinesisEmulator;
let kinesis: KinesisClient;

beforeAll(async () => {
  emulator = await startKinesis();
  kinesis = localKinesisClient(emulator.endpoint);
});

afterAll(async () => {
  kinesis?.destroy();
  await emulator?.stop();
});

/** Puts `count` records `key:n` over `keys` partition keys, n counting up per key, in PutRecords calls of 100. */
async function fill(stream: string, count: number, keys: number): Promise<string[]> {
  const sent: string[] = [];
  const perKey = new Array<number>(keys).fill(0);
  for (let start = 0; start < count; start += 100) {
    const records = Array.from({ length: Math.min(100, count - start) }, (_, i) => {
      const key = (start + i) % keys;
      perKey[key] = (perKey[key] ?? 0) + 1;
      return { key: `user-${key}`, data: `user-${key}:${perKey[key]}` };
    });
    const put = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: records.map(({ key, data }) => ({ PartitionKey: key, Data: Buffer.from(data) })),
      }),
    );
    expect(put.FailedRecordCount).toBe(0);
    sent.push(...records.map((record) => record.data));
  }
  return sent;
}

const text = (record: _Record) => Buffer.from(record.Data ?? new Uint8Array()).toString('utf8');

describe('drainKinesisStream', () => {
  it('delivers every record of every shard once, in sequence order per shard, in batches of at most batchSize', async () => {
    // Arrange
    await createLocalStream(kinesis, 'drain-shards', 3);
    const sent = await fill('drain-shards', 600, 40);
    const batches: Array<{ shardId: string; records: readonly _Record[] }> = [];

    // Act
    const read = await drainKinesisStream({
      client: kinesis,
      streamName: 'drain-shards',
      batchSize: 70,
      onBatch: async (records, shardId) => {
        batches.push({ shardId, records });
      },
    });

    // Assert
    const all = batches.flatMap((batch) => batch.records.map(text));
    expect(read).toBe(600);
    expect(all.sort()).toEqual([...sent].sort());
    expect(new Set(batches.map((batch) => batch.shardId)).size).toBe(3);
    expect(Math.max(...batches.map((batch) => batch.records.length))).toBe(70);
    for (const shardId of new Set(batches.map((batch) => batch.shardId))) {
      const sequences = batches
        .filter((batch) => batch.shardId === shardId)
        .flatMap((batch) => batch.records.map((record) => BigInt(record.SequenceNumber ?? '0')));
      expect(sequences.every((sequence, i) => i === 0 || (sequences[i - 1] ?? 0n) < sequence)).toBe(true);
    }
  });

  it('keeps each partition key in the order it was put', async () => {
    // Arrange
    await createLocalStream(kinesis, 'drain-order', 2);
    await fill('drain-order', 300, 7);
    const seen = new Map<string, number[]>();

    // Act
    await drainKinesisStream({
      client: kinesis,
      streamName: 'drain-order',
      batchSize: 25,
      onBatch: async (records) => {
        for (const record of records) {
          const [key = '', n = ''] = text(record).split(':');
          seen.set(key, [...(seen.get(key) ?? []), Number(n)]);
        }
      },
    });

    // Assert
    expect(seen.size).toBe(7);
    for (const ns of seen.values()) expect(ns).toEqual(ns.map((_, i) => i + 1));
  });

  it('awaits each batch before reading on in the same shard', async () => {
    // Arrange
    await createLocalStream(kinesis, 'drain-await', 2);
    await fill('drain-await', 200, 10);
    const inFlight = new Set<string>();
    let overlapped = false;

    // Act
    await drainKinesisStream({
      client: kinesis,
      streamName: 'drain-await',
      batchSize: 10,
      onBatch: async (_records, shardId) => {
        overlapped ||= inFlight.has(shardId);
        inFlight.add(shardId);
        await new Promise((done) => setImmediate(done));
        inFlight.delete(shardId);
      },
    });

    // Assert
    expect(overlapped).toBe(false);
  });

  it('returns 0 without calling onBatch for an empty stream', async () => {
    // Arrange
    await createLocalStream(kinesis, 'drain-empty', 2);
    const onBatch = jest.fn(async () => undefined);

    // Act
    const read = await drainKinesisStream({
      client: kinesis,
      streamName: 'drain-empty',
      batchSize: 100,
      onBatch,
    });

    // Assert
    expect(read).toBe(0);
    expect(onBatch).not.toHaveBeenCalled();
  });

  it('throws a DataLakeError naming the stream and shard when maxCallsPerShard is reached', async () => {
    // Arrange
    await createLocalStream(kinesis, 'drain-bound', 1);
    await fill('drain-bound', 5, 1);

    // Act
    const drained = drainKinesisStream({
      client: kinesis,
      streamName: 'drain-bound',
      batchSize: 1,
      maxCallsPerShard: 3,
      onBatch: async () => undefined,
    });

    // Assert
    await expect(drained).rejects.toThrow(DataLakeError);
    await expect(drained).rejects.toThrow(
      'Kinesis stream drain-bound, shardId-000000000000: not drained after 3 GetRecords calls (3 records read)',
    );
  });
});
