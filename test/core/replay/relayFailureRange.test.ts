import { compareSequenceNumbers, relayFailureRange } from '../../../lib/core/replay';

describe('relayFailureRange', () => {
  it('reads the shard and sequence range of a Kinesis on-failure record', () => {
    // Arrange: the shape Lambda sends ("Retain discarded batch records for a Kinesis Data Streams event source")
    const body = JSON.stringify({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
      version: '1.0',
      KinesisBatchInfo: {
        shardId: 'shardId-000000000001',
        startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
        endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
        approximateArrivalOfFirstRecord: '2026-11-23T09:15:02.123Z',
        approximateArrivalOfLastRecord: '2026-11-23T09:15:02.500Z',
        batchSize: 500,
        streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/marketplace-app-events',
      },
    });

    // Act
    const range = relayFailureRange(body);

    // Assert
    expect(range).toEqual({
      shardId: 'shardId-000000000001',
      startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
      endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
      batchSize: 500,
      streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/marketplace-app-events',
    });
  });

  it('refuses a message that is not an on-failure record, naming the field', () => {
    // Act / Assert
    expect(() => relayFailureRange('{"KinesisBatchInfo":{"shardId":"s"}}')).toThrow(
      /not a Kinesis on-failure record: KinesisBatchInfo\.startSequenceNumber/,
    );
    expect(() => relayFailureRange('hello')).toThrow(/not JSON: hello/);
  });
});

describe('compareSequenceNumbers', () => {
  it('compares sequence numbers as integers, not text', () => {
    // Act / Assert
    expect(compareSequenceNumbers('9', '10')).toBe(-1);
    expect(
      compareSequenceNumbers(
        '49601189658422359378836298522902373528957594348623495186',
        '49601189658422359378836298521827638475320189012309704722',
      ),
    ).toBe(1);
    expect(compareSequenceNumbers('42', '42')).toBe(0);
  });
});
