import { type BufferedEvent, RecordBatcher } from '../../lib/client';
import { keepaliveBatches } from '../../lib/client/keepaliveBatches';
import { putRecordsBodyBytes } from '../../lib/client/putRecordsBodyBytes';
import { bufferedEvent } from './factories';

function held(events: BufferedEvent[]): Generator<BufferedEvent> {
  const batcher = new RecordBatcher();
  for (const record of events) batcher.add(record);
  return batcher.held();
}

const names = (records: readonly BufferedEvent[]) => records.map((record) => record.event.eventId.slice(-3));

describe('keepaliveBatches', () => {
  it('puts a key’s events together, in order, and sizes the body as the SDK writes it', () => {
    // Arrange
    const events = [bufferedEvent('a'), bufferedEvent('b'), bufferedEvent('a')];

    // Act
    const [batch, ...rest] = keepaliveBatches(held(events), 65_536, 'app-events', () => false);

    // Assert
    expect(rest).toEqual([]);
    expect(names(batch.records)).toEqual(names([events[0], events[2], events[1]]));
    expect(batch.bodyBytes).toBe(putRecordsBodyBytes('app-events', batch.records));
  });

  it('ends a key at its first event over the budget, so no later event of it overtakes', () => {
    // Arrange: a's second event is large; its third would fit but must wait
    const events = [
      bufferedEvent('a', 100),
      bufferedEvent('a', 3_000),
      bufferedEvent('a', 100),
      bufferedEvent('b', 100),
    ];
    const budget = putRecordsBodyBytes('s', [events[0], events[2], events[3]]);

    // Act
    const batches = keepaliveBatches(held(events), budget, 's', () => false);

    // Assert
    expect(batches.flatMap((batch) => names(batch.records))).toEqual(names([events[0], events[3]]));
  });

  it('skips a key from the first event already in a keepalive call', () => {
    // Arrange
    const events = [bufferedEvent('a'), bufferedEvent('a'), bufferedEvent('b')];

    // Act
    const batches = keepaliveBatches(held(events), 65_536, 's', (record) => record === events[0]);

    // Assert
    expect(batches.flatMap((batch) => names(batch.records))).toEqual(names([events[2]]));
  });

  it('splits at 500 records a call and keeps the total within the budget', () => {
    // Arrange: 600 tiny events of distinct keys
    const events = Array.from({ length: 600 }, (_, index) => bufferedEvent(`k${index}`, 10));

    // Act
    const batches = keepaliveBatches(held(events), 65_536, 's', () => false);

    // Assert
    expect(batches.map((batch) => batch.records.length)).toEqual([500, 100]);
    expect(batches.reduce((sum, batch) => sum + batch.bodyBytes, 0)).toBeLessThanOrEqual(65_536);
    for (const batch of batches) expect(batch.bodyBytes).toBe(putRecordsBodyBytes('s', batch.records));
  });
});
