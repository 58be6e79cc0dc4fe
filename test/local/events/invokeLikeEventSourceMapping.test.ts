import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  type EventSourceMappingSettings,
  invokeLikeEventSourceMapping,
  type KinesisBatchFailure,
} from '../../../lib/local/events/invokeLikeEventSourceMapping';

const source = {
  streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/app-events',
  shardId: 'shardId-000000000001',
};

/** Records with sequence numbers 101, 102, … and arrival times one second apart. */
function records(count: number): _Record[] {
  return Array.from({ length: count }, (_, i) => ({
    Data: Buffer.from(`{"n":${i}}`),
    PartitionKey: `user-${i % 3}`,
    SequenceNumber: String(101 + i),
    ApproximateArrivalTimestamp: new Date(Date.UTC(2026, 10, 23, 9, 0, i)),
  }));
}

/**
 * A handler that answers each invocation with `answer` (given the sequence numbers it received)
 * and records what every invocation held.
 */
function scripted(answer: (sequences: string[]) => KinesisStreamBatchResponse | Error | undefined) {
  const calls: string[][] = [];
  const failures: KinesisBatchFailure[] = [];
  const target = {
    handler: async (event: KinesisStreamEvent) => {
      const sequences = event.Records.map((record) => record.kinesis.sequenceNumber);
      calls.push(sequences);
      const outcome = answer(sequences);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    onFailure: async (failure: KinesisBatchFailure) => {
      failures.push(failure);
    },
  };
  return { calls, failures, target };
}

/** Reports `poison` as failed whenever an invocation holds it. */
function failing(poison: string) {
  return (sequences: string[]): KinesisStreamBatchResponse => ({
    batchItemFailures: sequences.includes(poison) ? [{ itemIdentifier: poison }] : [],
  });
}

async function run(
  batch: readonly _Record[],
  settings: EventSourceMappingSettings,
  answer: Parameters<typeof scripted>[0],
) {
  const script = scripted(answer);
  await invokeLikeEventSourceMapping(batch, source, settings, script.target);
  return script;
}

describe('invokeLikeEventSourceMapping', () => {
  it('invokes the handler once with the whole batch when it succeeds', async () => {
    // Act
    const { calls, failures } = await run(records(5), { maxRetryAttempts: 3 }, () => ({
      batchItemFailures: [],
    }));

    // Assert
    expect(calls).toEqual([['101', '102', '103', '104', '105']]);
    expect(failures).toEqual([]);
  });

  it('treats an undefined response as a full success', async () => {
    // Act
    const { calls, failures } = await run(records(2), { maxRetryAttempts: 3 }, () => undefined);

    // Assert
    expect(calls).toHaveLength(1);
    expect(failures).toEqual([]);
  });

  it('retries a batch whose invocation throws maxRetryAttempts times, then sends its whole range to onFailure once', async () => {
    // Arrange
    const batch = records(4);

    // Act
    const { calls, failures } = await run(
      batch,
      { maxRetryAttempts: 2, bisectBatchOnError: false },
      () => new Error('broker down'),
    );

    // Assert
    expect(calls).toEqual(Array.from({ length: 3 }, () => ['101', '102', '103', '104']));
    expect(failures).toEqual([
      {
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
        KinesisBatchInfo: {
          shardId: source.shardId,
          startSequenceNumber: '101',
          endSequenceNumber: '104',
          approximateArrivalOfFirstRecord: '2026-11-23T09:00:00.000Z',
          approximateArrivalOfLastRecord: '2026-11-23T09:00:03.000Z',
          batchSize: 4,
          streamArn: source.streamArn,
        },
        lastError: 'broker down',
      },
    ]);
  });

  it('stops retrying a throwing batch as soon as an attempt succeeds', async () => {
    // Arrange: the broker is back on the second retry
    let attempts = 0;

    // Act
    const { calls, failures } = await run(
      records(3),
      { maxRetryAttempts: 5, bisectBatchOnError: false },
      () => {
        attempts += 1;
        return attempts <= 2 ? new Error('broker down') : undefined;
      },
    );

    // Assert
    expect(calls).toHaveLength(3);
    expect(failures).toEqual([]);
  });

  it('bisects a throwing batch into halves that are retried and given up on separately', async () => {
    // Act
    const { calls, failures } = await run(records(4), { maxRetryAttempts: 1 }, () => new Error('boom'));

    // Assert
    expect(calls).toEqual([
      ['101', '102', '103', '104'],
      ['101', '102'],
      ['103', '104'],
    ]);
    expect(
      failures.map((f) => [f.KinesisBatchInfo.startSequenceNumber, f.KinesisBatchInfo.endSequenceNumber]),
    ).toEqual([
      ['101', '102'],
      ['103', '104'],
    ]);
    expect(failures.every((f) => f.lastError === 'boom')).toBe(true);
  });

  it('retries from the first failed item, never re-sending the records before it, in bisected halves', async () => {
    // Arrange: 8 records, the 4th (104) is poison in every invocation that holds it
    const batch = records(8);

    // Act
    const { calls, failures } = await run(batch, { maxRetryAttempts: 2 }, failing('104'));

    // Assert: [104..108] splits into [104,105,106] and [107,108]; [104,105,106] into [104,105] and [106]
    expect(calls).toEqual([
      ['101', '102', '103', '104', '105', '106', '107', '108'],
      ['104', '105', '106'],
      ['104', '105'],
      ['106'],
      ['107', '108'],
    ]);
    for (const before of ['101', '102', '103']) expect(calls.slice(1).flat()).not.toContain(before);
    expect(failures).toEqual([
      {
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
        KinesisBatchInfo: {
          shardId: source.shardId,
          startSequenceNumber: '104',
          endSequenceNumber: '105',
          approximateArrivalOfFirstRecord: '2026-11-23T09:00:03.000Z',
          approximateArrivalOfLastRecord: '2026-11-23T09:00:04.000Z',
          batchSize: 2,
          streamArn: source.streamArn,
        },
      },
    ]);
  });

  it('checkpoints at the lowest failed record when several are reported', async () => {
    // Act: 106 and 103 reported, out of order
    const { calls } = await run(
      records(6),
      { maxRetryAttempts: 1, bisectBatchOnError: false },
      (sequences) => ({
        batchItemFailures: ['106', '103']
          .filter((sequence) => sequences.includes(sequence))
          .map((itemIdentifier) => ({ itemIdentifier })),
      }),
    );

    // Assert
    expect(calls[1]).toEqual(['103', '104', '105', '106']);
  });

  it('retries the whole rest without splitting when bisect is off', async () => {
    // Act
    const { calls, failures } = await run(
      records(6),
      { maxRetryAttempts: 2, bisectBatchOnError: false },
      failing('103'),
    );

    // Assert
    expect(calls).toEqual([
      ['101', '102', '103', '104', '105', '106'],
      ['103', '104', '105', '106'],
      ['103', '104', '105', '106'],
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: '103',
      endSequenceNumber: '106',
      batchSize: 4,
    });
    expect(failures[0]?.lastError).toBeUndefined();
  });

  it('fails the whole batch when an item identifier matches no record', async () => {
    // Act
    const { calls, failures } = await run(
      records(3),
      { maxRetryAttempts: 1, bisectBatchOnError: false },
      () => ({ batchItemFailures: [{ itemIdentifier: '999' }] }),
    );

    // Assert
    expect(calls).toEqual([
      ['101', '102', '103'],
      ['101', '102', '103'],
    ]);
    expect(failures[0]?.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: '101',
      endSequenceNumber: '103',
      batchSize: 3,
    });
  });

  it('sends a failed batch straight to onFailure with maxRetryAttempts 0', async () => {
    // Act
    const { calls, failures } = await run(records(3), { maxRetryAttempts: 0 }, failing('102'));

    // Assert
    expect(calls).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.requestContext.approximateInvokeCount).toBe(1);
    expect(failures[0]?.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: '102',
      endSequenceNumber: '103',
      batchSize: 2,
    });
  });

  it('does not invoke the handler for an empty batch', async () => {
    // Act
    const { calls, failures } = await run([], { maxRetryAttempts: 3 }, () => new Error('unexpected'));

    // Assert
    expect(calls).toEqual([]);
    expect(failures).toEqual([]);
  });
});
