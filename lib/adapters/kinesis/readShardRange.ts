import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { DataLakeError } from '../../core/errors';
import { compareSequenceNumbers } from '../../core/replay/compareSequenceNumbers';

/** One shard's records between two sequence numbers, both included. */
export interface ShardRange {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
}

/** The stream name of a stream ARN, `arn:aws:kinesis:<region>:<account>:stream/<name>`. */
function streamName(streamArn: string): string {
  const name = /:stream\/([^/]+)$/.exec(streamArn)?.[1];
  if (name === undefined) throw new DataLakeError(`Not a Kinesis stream ARN: ${streamArn}`);
  return name;
}

/** GetRecords calls per range at most, so a range never holds the loop forever. */
const MAX_CALLS = 10_000;

/**
 * Reads a shard's records from `startSequenceNumber` to `endSequenceNumber`, both included, in
 * shard order: GetShardIterator `AT_SEQUENCE_NUMBER` the start ("the position denoted by a
 * specific sequence number", GetShardIterator, Kinesis API Reference), then GetRecords with each
 * NextShardIterator until a record past the end (or the shard's end, or caught up with its tip).
 *
 * @throws DataLakeError when the range's first record is gone (older than the stream's retention)
 *   or the end was not reached
 * @example
 * ```ts
 * const records = await readShardRange(kinesis, { streamArn, shardId: 'shardId-000000000000', startSequenceNumber, endSequenceNumber });
 * ```
 */
export async function readShardRange(client: KinesisClient, range: ShardRange): Promise<_Record[]> {
  const label = `${range.shardId} ${range.startSequenceNumber}..${range.endSequenceNumber}`;
  let { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({
      StreamName: streamName(range.streamArn),
      ShardId: range.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      StartingSequenceNumber: range.startSequenceNumber,
    }),
  );
  const records: _Record[] = [];
  for (let call = 0; iterator !== undefined && call < MAX_CALLS; call++) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    for (const record of page.Records ?? []) {
      const sequence = record.SequenceNumber ?? '0';
      if (records.length === 0 && compareSequenceNumbers(sequence, range.startSequenceNumber) !== 0) {
        throw new DataLakeError(
          `Records ${label} are no longer in the stream (its first record read is ${sequence}): past the stream's retention`,
        );
      }
      if (compareSequenceNumbers(sequence, range.endSequenceNumber) > 0) return records;
      records.push(record);
      if (compareSequenceNumbers(sequence, range.endSequenceNumber) === 0) return records;
    }
    if ((page.Records ?? []).length === 0 && page.MillisBehindLatest === 0) break;
    iterator = page.NextShardIterator;
  }
  throw new DataLakeError(
    `Records ${label}: read ${records.length} records without reaching the range's end`,
  );
}
