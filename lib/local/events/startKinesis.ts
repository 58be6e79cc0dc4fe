/**
 * A local Kinesis for local mode, the demo, tests and benchmarks: kinesalite 3.3.3 (in-memory) in a child Node process.
 *
 * Picked by measuring both emulators here (2 cores, Node 20; PutRecords of 500 records of
 * ~230 B, 1000 partition keys, a stream of 4 provisioned shards, SDK 3.1143 over HTTP/1.1):
 * - kinesalite 3.3.3: 100k records in 12.0 s, 8.4k records/s overall, every 10k between
 *   5.4k and 12.2k records/s, no slowdown as the stream fills.
 * - kinesis-local 0.6.2: 400 records/s for the first 10k, 106/s for the next 10k, 64/s for
 *   the third (stopped there: 100k would take over half an hour).
 * kinesalite has no on-demand mode and does not throttle, so streams here are provisioned and
 * throttling is injected (test/helpers/kinesisFaultProxy.ts). It runs in a child process so
 * jest exits without waiting on its sockets and so it gets its own core.
 */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  StreamStatus,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DataLakeError } from '../../core/errors';
import { type NodeServer, startNodeServer } from '../startNodeServer';

/** A running Kinesis emulator; stopping it drops its streams. */
export type KinesisEmulator = NodeServer;

const SERVER = `
const server = require('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
server.listen(0, '127.0.0.1', () => process.stdout.write('http://127.0.0.1:' + server.address().port + '\\n'));
`;

/** Starts kinesalite on a free loopback port and resolves once it listens. */
export function startKinesis(): Promise<KinesisEmulator> {
  return startNodeServer('kinesalite', SERVER);
}

/**
 * A KinesisClient for a local endpoint: dummy credentials, a fixed region, HTTP/1.1 (the SDK's
 * default HTTP/2 path fails against the emulator) and no SDK retries, so a caller sees every error.
 * Call `destroy()` on it when done.
 */
export function localKinesisClient(endpoint: string, options: { maxAttempts?: number } = {}): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: options.maxAttempts ?? 1,
  });
}

/**
 * Creates a provisioned stream with `shards` shards and waits (at most about 10 s, polling every
 * 50 ms) until it is ACTIVE. Returns the stream's ARN.
 */
export async function createLocalStream(
  client: KinesisClient,
  name: string,
  shards: number,
): Promise<string> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    if (summary?.StreamStatus === StreamStatus.ACTIVE && summary.StreamARN) return summary.StreamARN;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new DataLakeError(`Kinesis stream ${name} did not become ACTIVE within 10 s`);
}
