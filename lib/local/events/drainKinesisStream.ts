import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { DataLakeError } from '../../core/errors';

/** What {@link drainKinesisStream} reads and where it hands the records. */
export interface DrainKinesisStreamOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /** Records per GetRecords call, and so per batch (Kinesis allows 1..10000). */
  readonly batchSize: number;
  /** Gets each shard's records in order, one batch at a time; shards run concurrently. */
  readonly onBatch: (records: readonly _Record[], shardId: string) => Promise<void>;
  /**
   * GetRecords calls per shard at most, so a stream that keeps filling cannot hold the loop.
   *
   * @default 100000
   */
  readonly maxCallsPerShard?: number;
}

/**
 * Reads every shard of a stream from its oldest record to its end (TRIM_HORIZON until a call
 * returns no records and nothing behind the tip), handing each batch to `onBatch` and awaiting it
 * before reading on, as a Lambda event source mapping with a parallelization factor of 1 does.
 * Local mode's stand-in for what AWS runs: the relay's mapping and Firehose each read the stream
 * this way.
 *
 * @returns the records read
 * @example
 * ```ts
 * await drainKinesisStream({ client, streamName: 'app-events', batchSize: 100, onBatch: relay });
 * ```
 */
export async function drainKinesisStream(options: DrainKinesisStreamOptions): Promise<number> {
  const { client, streamName } = options;
  const shards = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const counts = await Promise.all(
    (shards.Shards ?? []).map(async ({ ShardId }) => {
      if (ShardId === undefined) return 0;
      return drainShard(options, ShardId);
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

async function drainShard(options: DrainKinesisStreamOptions, shardId: string): Promise<number> {
  const { client, streamName, batchSize } = options;
  const maxCalls = options.maxCallsPerShard ?? 100_000;
  let { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({
      StreamName: streamName,
      ShardId: shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  let read = 0;
  for (let call = 0; call < maxCalls && iterator !== undefined; call++) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
    const records = page.Records ?? [];
    if (records.length > 0) {
      await options.onBatch(records, shardId);
      read += records.length;
    } else if ((page.MillisBehindLatest ?? 0) === 0) {
      return read;
    }
    iterator = page.NextShardIterator;
  }
  if (iterator === undefined) return read;
  throw new DataLakeError(
    `Kinesis stream ${streamName}, ${shardId}: not drained after ${maxCalls} GetRecords calls (${read} records read)`,
  );
}
