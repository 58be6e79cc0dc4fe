import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { readShardRange } from '../../../lib/adapters/kinesis';

const kinesis = mockClient(KinesisClient);
const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/marketplace-app-events';
const record = (sequence: string) => ({
  SequenceNumber: sequence,
  PartitionKey: 'u-1',
  Data: new Uint8Array([123, 125]),
  ApproximateArrivalTimestamp: new Date('2026-11-23T09:15:02Z'),
});

beforeEach(() => kinesis.reset());

describe('readShardRange', () => {
  it('starts AT_SEQUENCE_NUMBER the range’s start and reads pages up to its end, both included', async () => {
    // Arrange
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis
      .on(GetRecordsCommand, { ShardIterator: 'it-1' })
      .resolves({
        Records: [record('100'), record('105')],
        NextShardIterator: 'it-2',
        MillisBehindLatest: 10,
      })
      .on(GetRecordsCommand, { ShardIterator: 'it-2' })
      .resolves({
        Records: [record('1000'), record('1001')],
        NextShardIterator: 'it-3',
        MillisBehindLatest: 0,
      });

    // Act
    const records = await readShardRange(new KinesisClient({}), {
      streamArn: STREAM_ARN,
      shardId: 'shardId-000000000000',
      startSequenceNumber: '100',
      endSequenceNumber: '1000',
    });

    // Assert
    expect(kinesis).toReceiveCommandWith(GetShardIteratorCommand, {
      StreamName: 'marketplace-app-events',
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      StartingSequenceNumber: '100',
    });
    expect(records.map((r) => r.SequenceNumber)).toEqual(['100', '105', '1000']);
    expect(kinesis).toReceiveCommandTimes(GetRecordsCommand, 2);
  });

  it('fails when the range’s first record is gone (past the stream’s retention)', async () => {
    // Arrange
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis
      .on(GetRecordsCommand)
      .resolves({ Records: [record('300')], NextShardIterator: 'it-2', MillisBehindLatest: 0 });

    // Act
    const attempt = readShardRange(new KinesisClient({}), {
      streamArn: STREAM_ARN,
      shardId: 'shardId-000000000000',
      startSequenceNumber: '100',
      endSequenceNumber: '200',
    });

    // Assert
    await expect(attempt).rejects.toThrow(
      "Records shardId-000000000000 100..200 are no longer in the stream (its first record read is 300): past the stream's retention",
    );
  });

  it('fails when the stream is read to its tip without reaching the range’s end', async () => {
    // Arrange
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis
      .on(GetRecordsCommand, { ShardIterator: 'it-1' })
      .resolves({ Records: [record('100')], NextShardIterator: 'it-2', MillisBehindLatest: 0 })
      .on(GetRecordsCommand, { ShardIterator: 'it-2' })
      .resolves({ Records: [], NextShardIterator: 'it-3', MillisBehindLatest: 0 });

    // Act / Assert
    await expect(
      readShardRange(new KinesisClient({}), {
        streamArn: STREAM_ARN,
        shardId: 'shardId-000000000000',
        startSequenceNumber: '100',
        endSequenceNumber: '200',
      }),
    ).rejects.toThrow("read 1 records without reaching the range's end");
  });
});
