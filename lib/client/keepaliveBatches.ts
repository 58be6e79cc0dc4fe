import type { BufferedEvent } from './BufferedEvent';
import { KINESIS_LIMITS } from './kinesisLimits';
import { putRecordsBodyBytes } from './putRecordsBodyBytes';

/** One keepalive PutRecords call: its records and the bytes of its request body. */
export interface KeepaliveBatch<Payload extends Record<string, unknown> = Record<string, unknown>> {
  readonly records: BufferedEvent<Payload>[];
  readonly bodyBytes: number;
}

/**
 * Packs held events into PutRecords calls for a page that is being hidden or left, whose request
 * bodies together stay within `budgetBytes` (what is left of the 64 KiB keepalive quota).
 *
 * `events` come key by key, oldest first within a key (as `RecordBatcher.held()` yields them).
 * Unlike ordinary calls, a key's events go together, in order, in one call: the page may not live
 * for another round trip. PutRecords goes on past a failed entry, so that order holds only when
 * every entry succeeds (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html);
 * after a refused entry the client counts the key's later entries as undelivered too.
 *
 * Each key contributes a prefix of its events: the first that does not fit ends that key, so no
 * event overtakes an earlier one of its key; an event for which `skip` is true (already in a
 * keepalive call) ends its key's prefix too. A call holds at most 500 records. What does not fit
 * stays in the buffer (and in the durable queue) for later.
 *
 * @example
 * ```ts
 * const calls = keepaliveBatches(batcher.held(), 65_536, 'app-events', () => false);
 * ```
 */
export function keepaliveBatches<Payload extends Record<string, unknown>>(
  events: Iterable<BufferedEvent<Payload>>,
  budgetBytes: number,
  stream: string,
  skip: (record: BufferedEvent<Payload>) => boolean,
): KeepaliveBatch<Payload>[] {
  const emptyBody = putRecordsBodyBytes(stream, []);
  const batches: KeepaliveBatch<Payload>[] = [];
  let records: BufferedEvent<Payload>[] = [];
  let bodyBytes = emptyBody;
  let spent = 0;
  let closedKey: string | undefined;
  for (const record of events) {
    if (record.partitionKey === closedKey) continue;
    if (records.length === KINESIS_LIMITS.maxRecordsPerCall) {
      batches.push({ records, bodyBytes });
      spent += bodyBytes;
      records = [];
      bodyBytes = emptyBody;
    }
    // A record adds its own entry and, after the first, a comma.
    const added = putRecordsBodyBytes(stream, [record]) - emptyBody + (records.length > 0 ? 1 : 0);
    if (skip(record) || spent + bodyBytes + added > budgetBytes) {
      closedKey = record.partitionKey;
      continue;
    }
    records.push(record);
    bodyBytes += added;
  }
  if (records.length > 0) batches.push({ records, bodyBytes });
  return batches;
}
