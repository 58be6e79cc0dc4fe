import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  ShardIteratorType,
} from '@aws-sdk/client-kinesis';

/** One record read back from a stream, with the shard it was on. */
export interface ReadRecord {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly data: string;
}

/**
 * Reads every record of every shard of a stream from the start (TRIM_HORIZON), shard by shard in
 * sequence order, until a GetRecords call returns nothing new (at most 1,000 calls per shard).
 */
export async function readStream(client: KinesisClient, streamName: string): Promise<ReadRecord[]> {
  const { Shards: shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const records: ReadRecord[] = [];
  const decoder = new TextDecoder();
  for (const shard of shards) {
    const shardId = shard.ShardId ?? '';
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ShardIteratorType: ShardIteratorType.TRIM_HORIZON,
      }),
    );
    for (let call = 0; call < 1000 && iterator; call += 1) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) {
        records.push({ shardId, partitionKey: record.PartitionKey ?? '', data: decoder.decode(record.Data) });
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}
