/**
 * Client SDK benchmark: records/s of EventClient into the Kinesis emulator (kinesalite, a stream of
 * 4 provisioned shards) beside a bare PutRecords loop of the same records (500 a call, one call at a
 * time, no validation, no ordering rule): the reference. Prints both, the ratio and each side's
 * peak RSS. Each side runs in its own child process against one emulator, on its own stream.
 *
 * Usage: `npm run bench` (100,000 events over 1,000 user keys), or alone:
 * `npx tsx scripts/bench/client.ts [--events N] [--keys K]`.
 */
import { execFileSync } from 'node:child_process';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { buildRecord, EventClient } from '../../lib/client';
import { createLocalStream, localKinesisClient, startKinesis } from '../../lib/local/events/startKinesis';

const SHARDS = 4;

const payloadSchema = z.object({
  userId: z.string(),
  itemId: z.int(),
  page: z.string(),
  position: z.int(),
  price: z.number(),
});
type Payload = z.infer<typeof payloadSchema>;

/** A page view of user `index % keys`, about 200 bytes as an envelope. */
function payloadOf(index: number, keys: number): Payload {
  return {
    userId: `user-${index % keys}`,
    itemId: 100_000 + index,
    page: '/items/search?q=bicycle',
    position: index % 40,
    price: 129.5,
  };
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

interface SideResult {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly calls: number;
}

/** The event client: send every event, close, report. */
async function runClient(
  endpoint: string,
  stream: string,
  events: number,
  keys: number,
): Promise<SideResult> {
  const kinesis = localKinesisClient(endpoint);
  let calls = 0;
  kinesis.middlewareStack.add(
    (next) => (args) => {
      calls += 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  const lost: number[] = [];
  const client = new EventClient<Payload>({
    client: kinesis,
    streamName: stream,
    partitionKeyField: 'userId',
    payloadSchema,
    schemaVersion: 1,
    onFailure: (failures) => lost.push(failures.length),
  });
  const started = performance.now();
  for (let index = 0; index < events; index += 1) await client.send('item_viewed', payloadOf(index, keys));
  await client.close();
  const seconds = (performance.now() - started) / 1000;
  kinesis.destroy();
  const stats = client.stats();
  if (stats.sent !== events || lost.length > 0)
    throw new Error(`EventClient delivered ${stats.sent} of ${events}`);
  return { seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, calls };
}

/** The reference: the same records, pre-built, PutRecords of 500 in a plain loop. */
async function runReference(
  endpoint: string,
  stream: string,
  events: number,
  keys: number,
): Promise<SideResult> {
  const kinesis = localKinesisClient(endpoint);
  const settings = { payloadSchema, schemaVersion: 1, partitionKeyField: 'userId', now: Date.now() };
  const records = Array.from({ length: events }, (_, index) =>
    buildRecord('item_viewed', payloadOf(index, keys), settings),
  );
  const started = performance.now();
  let calls = 0;
  for (let offset = 0; offset < records.length; offset += 500) {
    const batch = records.slice(offset, offset + 500);
    const output = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: batch.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
      }),
    );
    calls += 1;
    if (output.FailedRecordCount) throw new Error(`reference: ${output.FailedRecordCount} records failed`);
  }
  const seconds = (performance.now() - started) / 1000;
  kinesis.destroy();
  return { seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, calls };
}

async function side(): Promise<void> {
  const [, , , which, endpoint, stream, events, keys] = process.argv;
  const run = which === 'client' ? runClient : runReference;
  const result = await run(endpoint, stream, Number(events), Number(keys));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runSide(which: string, endpoint: string, stream: string, events: number, keys: number): SideResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', __filename, '--side', which, endpoint, stream, String(events), String(keys)],
    // NODE_NO_WARNINGS hides the SDK's Node 20 notice; real errors still reach stderr.
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as SideResult;
}

async function main(): Promise<void> {
  const events = argument('events', 100_000);
  const keys = argument('keys', 1000);
  const emulator = await startKinesis();
  const admin = localKinesisClient(emulator.endpoint);
  try {
    await createLocalStream(admin, 'reference', SHARDS);
    await createLocalStream(admin, 'client', SHARDS);
    console.log(
      `${events} events over ${keys} keys into kinesalite, ${SHARDS} shards (Node ${process.version})`,
    );
    const reference = runSide('reference', emulator.endpoint, 'reference', events, keys);
    const client = runSide('client', emulator.endpoint, 'client', events, keys);
    const rate = (result: SideResult) => Math.round(events / result.seconds);
    const line = (name: string, result: SideResult) =>
      `${name.padEnd(22)} ${String(rate(result)).padStart(7)} records/s  ${result.seconds.toFixed(1).padStart(5)} s  ${String(result.calls).padStart(5)} calls  peak RSS ${Math.round(result.peakRssMb)} MB`;
    console.log(line('bare PutRecords loop', reference));
    console.log(line('EventClient', client));
    console.log(`ratio EventClient / bare loop: ${(rate(client) / rate(reference)).toFixed(2)}`);
  } finally {
    admin.destroy();
    await emulator.stop();
  }
}

(process.argv[2] === '--side' ? side() : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
