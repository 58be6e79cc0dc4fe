import { KINESIS_LIMITS, RecordBatcher } from '../../lib/client';
import { bufferedEvent } from './factories';

const MiB = 1024 * 1024;

describe('RecordBatcher', () => {
  it('puts 500 records in a call and the 501st in the next', () => {
    // Arrange
    const batcher = new RecordBatcher();
    for (let index = 0; index < 501; index += 1) batcher.add(bufferedEvent(`k${index}`));

    // Act
    const first = batcher.nextBatch(0);
    const second = batcher.nextBatch(0);

    // Assert
    expect(first).toHaveLength(KINESIS_LIMITS.maxRecordsPerCall);
    expect(second.map((record) => record.partitionKey)).toEqual(['k500']);
  });

  it('fills a call to exactly 5 MiB of data plus keys and leaves one byte more for the next', () => {
    // Arrange: 4 × 1 MiB + (1 MiB - 10) + 10 bytes = 5 MiB exactly, then a 1-byte-over record
    const batcher = new RecordBatcher();
    for (let index = 0; index < 4; index += 1) batcher.add(bufferedEvent(`big${index}`, MiB));
    batcher.add(bufferedEvent('almost', MiB - 10));
    batcher.add(bufferedEvent('tail', 10));
    batcher.add(bufferedEvent('over', 5));

    // Act
    const first = batcher.nextBatch(0);
    const second = batcher.nextBatch(0);

    // Assert
    expect(first.reduce((sum, record) => sum + record.size, 0)).toBe(KINESIS_LIMITS.maxBytesPerCall);
    expect(first.map((record) => record.partitionKey)).toEqual([
      'big0',
      'big1',
      'big2',
      'big3',
      'almost',
      'tail',
    ]);
    expect(second.map((record) => record.partitionKey)).toEqual(['over']);
  });

  it('skips a record too large for the room left and takes a smaller one behind it', () => {
    // Arrange
    const batcher = new RecordBatcher();
    for (let index = 0; index < 4; index += 1) batcher.add(bufferedEvent(`big${index}`, MiB));
    batcher.add(bufferedEvent('half', MiB / 2));
    batcher.add(bufferedEvent('full', MiB));
    batcher.add(bufferedEvent('small', 100));

    // Act
    const first = batcher.nextBatch(0);

    // Assert
    expect(first.map((record) => record.partitionKey)).toEqual([
      'big0',
      'big1',
      'big2',
      'big3',
      'half',
      'small',
    ]);
    expect(batcher.nextBatch(0).map((record) => record.partitionKey)).toEqual(['full']);
  });

  it('takes at most one record per partition key into a call', () => {
    // Arrange
    const batcher = new RecordBatcher();
    for (const key of ['a', 'a', 'b', 'a', 'b']) batcher.add(bufferedEvent(key));

    // Act
    const batch = batcher.nextBatch(0);

    // Assert
    expect(batch.map((record) => record.partitionKey)).toEqual(['a', 'b']);
  });

  it('gives nothing more of a key while its record is in a call, and its next record once acknowledged', () => {
    // Arrange
    const batcher = new RecordBatcher();
    const [a1, a2] = [bufferedEvent('a'), bufferedEvent('a')];
    batcher.add(a1);
    batcher.add(a2);
    batcher.nextBatch(0);

    // Act
    const whileBusy = batcher.nextBatch(0);
    batcher.settle(a1);
    const afterAck = batcher.nextBatch(0);

    // Assert
    expect(whileBusy).toEqual([]);
    expect(afterAck).toEqual([a2]);
  });

  it('holds a key behind a record waiting for its retry, then sends that record first', () => {
    // Arrange
    const batcher = new RecordBatcher();
    const [a1, a2, b1] = [bufferedEvent('a'), bufferedEvent('a'), bufferedEvent('b')];
    batcher.add(a1);
    batcher.add(a2);
    batcher.nextBatch(0);
    batcher.retry(a1, 100);
    batcher.add(b1);

    // Act
    const beforeDue = batcher.nextBatch(99);
    const due = batcher.nextBatch(100);

    // Assert
    expect(beforeDue).toEqual([b1]);
    expect(due).toEqual([a1]);
    expect(batcher.nextRetryAt()).toBeUndefined();
  });

  it('reports the earliest retry time among waiting keys', () => {
    // Arrange
    const batcher = new RecordBatcher();
    const [a, b] = [bufferedEvent('a'), bufferedEvent('b')];
    batcher.add(a);
    batcher.add(b);
    batcher.nextBatch(0);

    // Act
    batcher.retry(a, 300);
    batcher.retry(b, 200);

    // Assert
    expect(batcher.nextRetryAt()).toBe(200);
  });

  it('counts records and bytes held until they settle, in calls and waiting for retries too', () => {
    // Arrange
    const batcher = new RecordBatcher();
    const [a, b] = [bufferedEvent('a', 300), bufferedEvent('b', 200)];
    batcher.add(a);
    batcher.add(b);
    batcher.nextBatch(0);
    batcher.retry(b, 10);

    // Act
    batcher.settle(a);

    // Assert
    expect([batcher.records, batcher.bytes]).toEqual([1, 200]);
  });

  it('has a full batch once 500 records or 5 MiB wait, not before', () => {
    // Arrange
    const byCount = new RecordBatcher();
    const byBytes = new RecordBatcher();
    for (let index = 0; index < 499; index += 1) byCount.add(bufferedEvent(`k${index}`));
    for (let index = 0; index < 4; index += 1) byBytes.add(bufferedEvent(`k${index}`, MiB));
    byBytes.add(bufferedEvent('almost', MiB - 1));
    const before = [byCount.hasFullBatch, byBytes.hasFullBatch];

    // Act
    byCount.add(bufferedEvent('k499'));
    byBytes.add(bufferedEvent('z', 1));

    // Assert
    expect(before).toEqual([false, false]);
    expect([byCount.hasFullBatch, byBytes.hasFullBatch]).toEqual([true, true]);
  });

  it('serves keys in turn: a key whose record was acknowledged goes behind the others', () => {
    // Arrange
    const batcher = new RecordBatcher();
    const a1 = bufferedEvent('a');
    batcher.add(a1);
    batcher.add(bufferedEvent('a'));
    batcher.nextBatch(0);
    batcher.add(bufferedEvent('b'));
    batcher.settle(a1);

    // Act
    const batch = batcher.nextBatch(0);

    // Assert
    expect(batch.map((record) => record.partitionKey)).toEqual(['b', 'a']);
  });

  it('refuses to settle a record that is not in a call', () => {
    // Arrange
    const batcher = new RecordBatcher();
    const record = bufferedEvent('a');
    batcher.add(record);

    // Act / Assert
    expect(() => batcher.settle(record)).toThrow(/is not the batched head of key a/);
  });
});
