import type { PutRecordsCommandInput, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import type { BufferedEvent } from '../../lib/client';

let made = 0;

/**
 * A buffered event of partition key `key` whose Kinesis size (data + key bytes) is exactly
 * `size`; the data is filler, the envelope only names it.
 */
export function bufferedEvent(key: string, size = 100): BufferedEvent {
  made += 1;
  const keyBytes = new TextEncoder().encode(key).byteLength;
  return {
    event: {
      eventId: `00000000-0000-4000-8000-${String(made).padStart(12, '0')}`,
      name: 'test_event',
      clientTime: '2026-11-23T09:15:02.123Z',
      schemaVersion: 1,
      payload: { key },
    },
    partitionKey: key,
    data: new Uint8Array(size - keyBytes),
    size,
    attempts: 0,
  };
}

/** A PutRecords answer in which Kinesis accepted every entry. */
export function acceptAll(input: PutRecordsCommandInput): PutRecordsCommandOutput {
  return {
    $metadata: {},
    FailedRecordCount: 0,
    Records: (input.Records ?? []).map((_, index) => ({
      SequenceNumber: String(index),
      ShardId: 'shardId-0',
    })),
  };
}
