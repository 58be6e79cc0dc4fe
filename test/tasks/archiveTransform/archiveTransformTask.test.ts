import { archiveTransformTask } from '../../../lib/tasks/archiveTransform/archiveTransformTask';

const ARRIVED = Date.parse('2026-11-23T09:15:03.456Z');

/** A Firehose transformation record read from Kinesis, with only the fields the task reads. */
function record(recordId: string, data: string) {
  return {
    recordId,
    approximateArrivalTimestamp: ARRIVED + 2000,
    data: Buffer.from(data).toString('base64'),
    kinesisRecordMetadata: { partitionKey: 'u-42', approximateArrivalTimestamp: ARRIVED },
  };
}

const ENVELOPE = JSON.stringify({
  eventId: '0b6c6f1e-4d7a-4c57-9a43-2f1d1f0f6a10',
  name: 'item_viewed',
  clientTime: '2026-11-23T09:15:02.123Z',
  schemaVersion: 1,
  payload: { itemId: 7 },
});

function recordingLogger() {
  const warnings: Array<Record<string, unknown>> = [];
  return {
    warnings,
    logger: { warn: (_message: string, extra: Record<string, unknown>) => warnings.push(extra) },
  };
}

describe('archiveTransformTask', () => {
  it("gives each payload field of the settings its own column and answers in the records' order", async () => {
    // Arrange
    const { warnings, logger } = recordingLogger();

    // Act
    const { records } = await archiveTransformTask(
      { invocationId: 'i', records: [record('a', ENVELOPE), record('b', 'nope')] },
      { settings: { ARCHIVE_PAYLOAD_FIELDS: { itemId: 'bigint' } }, logger },
    );

    // Assert
    expect(records.map((r) => [r.recordId, r.result])).toEqual([
      ['a', 'Ok'],
      ['b', 'ProcessingFailed'],
    ]);
    expect(JSON.parse(Buffer.from(records[0]?.data ?? '', 'base64').toString())).toMatchObject({
      partition_key: 'u-42',
      arrival_time: '2026-11-23T09:15:03.456Z',
      itemid: 7,
    });
    expect(warnings).toEqual([{ recordId: 'b', reason: expect.stringMatching(/^Record is not JSON/) }]);
  });

  it('answers with records only, the shape Firehose requires (recordId, result, data)', async () => {
    // Act
    const result = await archiveTransformTask(
      { records: [record('a', ENVELOPE)] },
      { settings: { ARCHIVE_PAYLOAD_FIELDS: {} }, logger: recordingLogger().logger },
    );

    // Assert: Firehose "Required parameters for data transformation"
    expect(Object.keys(result)).toEqual(['records']);
    expect(Object.keys(result.records[0] ?? {}).sort()).toEqual(['data', 'recordId', 'result']);
  });

  it("reads a Kinesis arrival time given as ISO 8601, as the Lambda guide's example Firehose event shows it", async () => {
    // Arrange: Lambda Developer Guide, "Using AWS Lambda with Amazon Kinesis Data Firehose"
    const isoRecord = {
      ...record('a', ENVELOPE),
      kinesisRecordMetadata: {
        partitionKey: 'u-42',
        approximateArrivalTimestamp: '2026-11-23T09:15:03.456Z',
      },
    };

    // Act
    const { records } = await archiveTransformTask(
      { records: [isoRecord] },
      { settings: { ARCHIVE_PAYLOAD_FIELDS: {} }, logger: recordingLogger().logger },
    );

    // Assert
    expect(records[0]?.result).toBe('Ok');
    expect(JSON.parse(Buffer.from(records[0]?.data ?? '', 'base64').toString())).toMatchObject({
      arrival_time: '2026-11-23T09:15:03.456Z',
    });
  });
});
