import type { DeliveredEvent } from './readEvents';

/** What {@link checkDelivery} expects. */
export interface ExpectedDelivery {
  /** Events expected per partition key; the payload's sequence field counts 0, 1, … for each key. */
  readonly perKey: Readonly<Record<string, number>>;
  /**
   * Payload field holding the event's number within its key.
   *
   * @default 'seq'
   */
  readonly sequenceField?: string;
}

/**
 * Checks "every event once, in order per key": for each expected partition key, the delivered
 * events' sequence numbers are exactly 0…n-1 in stream order; no other key; no event id twice.
 * Returns the problems found (empty when delivery is right), each naming the key and what was
 * read, so `expect(checkDelivery(...)).toEqual([])` fails with a readable diff.
 *
 * @example
 * ```ts
 * const delivered = await harness.readEvents('page-send');
 * expect(checkDelivery(delivered, { perKey: { 'u-0': 50, 'u-1': 50 } })).toEqual([]);
 * ```
 */
export function checkDelivery(delivered: readonly DeliveredEvent[], expected: ExpectedDelivery): string[] {
  const field = expected.sequenceField ?? 'seq';
  const problems: string[] = [];
  const byKey = new Map<string, unknown[]>();
  const seenIds = new Set<string>();
  for (const { partitionKey, event } of delivered) {
    if (seenIds.has(event.eventId)) problems.push(`event id ${event.eventId} delivered more than once`);
    seenIds.add(event.eventId);
    byKey.set(partitionKey, [...(byKey.get(partitionKey) ?? []), event.payload[field]]);
  }
  for (const [key, count] of Object.entries(expected.perKey)) {
    const got = byKey.get(key) ?? [];
    const want = Array.from({ length: count }, (_, n) => n);
    if (got.length !== want.length || got.some((value, index) => value !== want[index])) {
      problems.push(
        `key ${key}: expected ${field} 0..${count - 1} once each in order, read ${describe(got)}`,
      );
    }
  }
  for (const key of byKey.keys()) {
    if (!(key in expected.perKey))
      problems.push(`key ${key}: not expected, read ${describe(byKey.get(key) ?? [])}`);
  }
  return problems;
}

/** The sequence read, shortened around its first gap so a failure stays readable. */
function describe(values: readonly unknown[]): string {
  const firstBad = values.findIndex((value, index) => value !== index);
  if (values.length <= 12) return `[${values.join(', ')}] (${values.length})`;
  const from = Math.max(0, firstBad - 3);
  return `${values.length} events, from index ${from}: [${values.slice(from, from + 8).join(', ')}, …]`;
}
