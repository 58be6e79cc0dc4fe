import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { HttpRequest } from '@smithy/types';
import { putRecordsBodyBytes } from '../../lib/client/putRecordsBodyBytes';

/** The body the AWS SDK writes for a PutRecords call, caught before it is sent. */
async function sdkBody(input: ConstructorParameters<typeof PutRecordsCommand>[0]): Promise<string> {
  let body = '';
  const client = new KinesisClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: HttpRequest) => {
        body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        throw new Error('caught');
      },
    },
  });
  await client.send(new PutRecordsCommand(input)).catch(() => undefined);
  return body;
}

describe('putRecordsBodyBytes', () => {
  it.each([
    { name: 'no record', records: [] },
    {
      name: 'data lengths 0 to 5 (base64 padding)',
      records: [0, 1, 2, 3, 4, 5].map((n) => ({ data: new Uint8Array(n).fill(200), partitionKey: `u-${n}` })),
    },
    {
      name: 'keys that JSON escapes or that are multi-byte',
      records: [{ data: new Uint8Array(7), partitionKey: 'quote " back \\ tab \t é 😀 \u0001' }],
    },
  ])('equals the byte length of the body the SDK sends: $name', async ({ records }) => {
    // Arrange
    const stream = 'app-"events"';

    // Act
    const body = await sdkBody({
      StreamName: stream,
      Records: records.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
    });

    // Assert
    expect(putRecordsBodyBytes(stream, records)).toBe(new TextEncoder().encode(body).byteLength);
  });
});
