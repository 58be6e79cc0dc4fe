import type { FirehoseTransformationEvent } from 'aws-lambda';

type HandlerModule = typeof import('../../../lambdas/archive-transform/handler.js');
type LocalModule = typeof import('../../../lib/local/events/localArchiveTransformTask.js');

/**
 * The handler module loaded fresh with `payloadFields` in its environment, and local mode's
 * binding loaded in the same module registry (one process's modules, as in `datalake local`).
 */
function loadModules(payloadFields: string | undefined): {
  handler: HandlerModule['handler'];
  local: LocalModule;
} {
  if (payloadFields === undefined) delete process.env.ARCHIVE_PAYLOAD_FIELDS;
  else process.env.ARCHIVE_PAYLOAD_FIELDS = payloadFields;
  let loaded: { handler: HandlerModule['handler']; local: LocalModule } | undefined;
  jest.isolateModules(() => {
    loaded = {
      handler: (require('../../../lambdas/archive-transform/handler') as HandlerModule).handler,
      local: require('../../../lib/local/events/localArchiveTransformTask') as LocalModule,
    };
  });
  if (loaded === undefined) throw new Error('modules not loaded');
  return loaded;
}

function loadHandler(payloadFields: string | undefined): HandlerModule['handler'] {
  return loadModules(payloadFields).handler;
}

const ARRIVED = Date.parse('2026-11-23T09:15:03.456Z');

/** A Firehose transformation event record read from a Kinesis stream, as Firehose sends it. */
function kinesisRecord(
  recordId: string,
  data: string,
  partitionKey = 'u-42',
): FirehoseTransformationEvent['records'][number] {
  return {
    recordId,
    approximateArrivalTimestamp: ARRIVED + 2000,
    data: Buffer.from(data, 'utf8').toString('base64'),
    kinesisRecordMetadata: {
      shardId: 'shardId-000000000003',
      partitionKey,
      approximateArrivalTimestamp: ARRIVED,
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      subsequenceNumber: '0',
    },
  };
}

function firehoseEvent(records: FirehoseTransformationEvent['records']): FirehoseTransformationEvent {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/app-events-archive',
    sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/app-events',
    region: 'eu-west-1',
    records,
  };
}

const envelope = {
  eventId: '0b6c6f1e-4d7a-4c57-9a43-2f1d1f0f6a10',
  name: 'item_viewed',
  clientTime: '2026-11-23T09:15:02.123Z',
  schemaVersion: 1,
  payload: { userId: 'u-42', itemId: 1234 },
};

function decode(data: string | undefined): string {
  return Buffer.from(data ?? '', 'base64').toString('utf8');
}

describe('archive-transform handler', () => {
  // Powertools logs through the console in dev mode, where a spy sees the lines.
  beforeAll(() => {
    process.env.POWERTOOLS_DEV = 'true';
  });
  afterAll(() => {
    delete process.env.POWERTOOLS_DEV;
  });
  afterEach(() => {
    delete process.env.ARCHIVE_PAYLOAD_FIELDS;
    jest.restoreAllMocks();
  });

  it('answers each envelope Ok with its archive row as one JSON line, arrival time from Kinesis', async () => {
    // Arrange
    const handler = loadHandler('{"itemId":"bigint"}');

    // Act
    const result = await handler(firehoseEvent([kinesisRecord('r1', JSON.stringify(envelope))]));

    // Assert
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.recordId).toBe('r1');
    expect(result.records[0]?.result).toBe('Ok');
    expect(decode(result.records[0]?.data)).toBe(
      `${JSON.stringify({
        event_id: envelope.eventId,
        event_name: 'item_viewed',
        client_time: '2026-11-23T09:15:02.123Z',
        schema_version: 1,
        partition_key: 'u-42',
        arrival_time: '2026-11-23T09:15:03.456Z',
        payload: JSON.stringify(envelope.payload),
        itemid: 1234,
      })}\n`,
    );
  });

  it('fails poison records with their original data, in order, and logs each reason', async () => {
    // Arrange
    const handler = loadHandler('{"itemId":"bigint"}');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const misfit = JSON.stringify({ ...envelope, payload: { itemId: 'twelve' } });
    const records = [
      kinesisRecord('bad-json', 'not json'),
      kinesisRecord('ok', JSON.stringify(envelope)),
      kinesisRecord('misfit', misfit),
      { ...kinesisRecord('no-metadata', JSON.stringify(envelope)), kinesisRecordMetadata: undefined },
    ];

    // Act
    const result = await handler(firehoseEvent(records));

    // Assert
    expect(result.records.map((r) => [r.recordId, r.result])).toEqual([
      ['bad-json', 'ProcessingFailed'],
      ['ok', 'Ok'],
      ['misfit', 'ProcessingFailed'],
      ['no-metadata', 'ProcessingFailed'],
    ]);
    expect(decode(result.records[0]?.data)).toBe('not json');
    expect(decode(result.records[2]?.data)).toBe(misfit);
    const logged = warn.mock.calls.map(
      ([line]) => JSON.parse(String(line)) as { recordId: string; reason: string },
    );
    expect(logged.map((line) => line.recordId)).toEqual(['bad-json', 'misfit', 'no-metadata']);
    expect(logged[0]?.reason).toMatch(/^Record is not JSON/);
    expect(logged[1]?.reason).toMatch(
      /payload field "itemId" does not fit its column type bigint: got "twelve"/,
    );
    expect(logged[2]?.reason).toMatch(/^Record has no kinesisRecordMetadata/);
  });

  it("runs the task local mode runs: its .task is the local archive binding's, the same function object", () => {
    // Arrange
    const { handler, local } = loadModules('{}');

    // Act
    const binding = local.localArchiveTransformTask({}, { onRefused: () => undefined });

    // Assert
    expect(binding.task).toBe(handler.task);
  });

  it('refuses an event that is not a Firehose transformation event, naming the field', async () => {
    // Arrange
    const handler = loadHandler('{}');

    // Act / Assert
    await expect(handler({ invocationId: 'i', records: [{ recordId: 'r1' }] })).rejects.toThrow(
      /records.*0.*data/s,
    );
  });

  it('refuses to start without its payload fields, naming the variable', () => {
    expect(() => loadHandler(undefined)).toThrow(/Environment variable ARCHIVE_PAYLOAD_FIELDS is not set/);
  });

  it('refuses payload fields that are not field → Athena type', () => {
    expect(() => loadHandler('{"itemId":"long"}')).toThrow(
      /ARCHIVE_PAYLOAD_FIELDS is "\{"itemId":"long"\}"; received "long"; allowed Athena types: boolean/,
    );
  });
});
