/**
 * Client SDK benchmark: records/s of EventClient into the Kinesis emulator (kinesalite, a stream of
 * 4 provisioned shards) beside the reference, an app's bare PutRecords loop sending the same calls:
 * the same events, built into records by the same `buildRecord` inside the clock as an app builds
 * them as it goes, 500 a call in event order, with as many calls in flight as the EventClient
 * reaches (its per-key rule keeps the calls in flight on disjoint keys: 1,000 keys make 2 calls of
 * 500). Both sides record every call they make, and the bench stops if their calls differ in
 * number, records per call or calls in flight. What the ratio measures is the SDK's own delivery
 * machinery (buffer, batcher, timers, retry bookkeeping), which must cost no throughput.
 *
 * kinesalite spends about 45 ms of CPU on a call of 500, so the emulator is the bottleneck and a
 * run swings by ±20 % with the machine's other load: each side runs 3 times, interleaved (bare,
 * ours, bare, ours, …), each run in its own process on a fresh stream of the same emulator (warmed
 * up first), and the bench compares the medians. It also prints each run's CPU time in the sending
 * process, the client's cost whatever the emulator does.
 *
 * Usage: `npm run bench` (100,000 events over 1,000 user keys), or alone:
 * `npx tsx scripts/bench/client.ts [--events N] [--keys K] [--runs R]`.
 */
import { spawn } from 'node:child_process';
import {
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import {
  type BufferedEvent,
  buildRecord,
  EventClient,
  KINESIS_LIMITS,
  resolveEventClientOptions,
} from '../../lib/client';
import { createLocalStream, localKinesisClient, startKinesis } from '../../lib/local/events/startKinesis';
import { median } from './median';
import { recordTarget } from './targets';

const SHARDS = 4;
const RATIO_TARGET = 1.0;
const WARM_UP_EVENTS = 10_000;

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

/** The PutRecords calls one side made. */
interface CallShape {
  readonly calls: number;
  readonly minRecords: number;
  readonly maxRecords: number;
  readonly maxInFlight: number;
}

interface SideResult extends CallShape {
  readonly seconds: number;
  /** CPU seconds (user + system) of the sending process while the clock ran. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

/** Counts the PutRecords calls a client makes, their records and how many are in flight at once. */
function watchCalls(kinesis: KinesisClient): () => CallShape {
  let calls = 0;
  let minRecords = Number.POSITIVE_INFINITY;
  let maxRecords = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  kinesis.middlewareStack.add(
    (next) => async (args) => {
      const records = (args.input as PutRecordsCommandInput).Records?.length ?? 0;
      calls += 1;
      minRecords = Math.min(minRecords, records);
      maxRecords = Math.max(maxRecords, records);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'initialize' },
  );
  return () => ({ calls, minRecords, maxRecords, maxInFlight });
}

/** Runs `send` with the clock and the CPU meter on. */
async function timed(send: () => Promise<void>, shape: () => CallShape): Promise<SideResult> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await send();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    ...shape(),
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** The event client: send every event, close, check that every one was delivered. */
async function runClient(kinesis: KinesisClient, stream: string, events: number, keys: number) {
  const shape = watchCalls(kinesis);
  const lost: number[] = [];
  const client = new EventClient<Payload>({
    client: kinesis,
    streamName: stream,
    partitionKeyField: 'userId',
    payloadSchema,
    schemaVersion: 1,
    onFailure: (failures) => lost.push(failures.length),
  });
  const result = await timed(async () => {
    for (let index = 0; index < events; index += 1) await client.send('item_viewed', payloadOf(index, keys));
    await client.close();
  }, shape);
  if (client.stats().sent !== events || lost.length > 0) {
    throw new Error(`EventClient delivered ${client.stats().sent} of ${events}`);
  }
  return result;
}

/** The calls in flight the EventClient reaches: its limit, or as many full calls as keys allow. */
function clientCallsInFlight(keys: number): number {
  const { maxConcurrentCalls } = resolveEventClientOptions({
    client: {} as KinesisClient,
    streamName: 'any',
    partitionKeyField: 'userId',
    payloadSchema,
    schemaVersion: 1,
    onFailure: () => undefined,
  });
  return Math.max(1, Math.min(maxConcurrentCalls, Math.floor(keys / KINESIS_LIMITS.maxRecordsPerCall)));
}

/**
 * The reference: an app's own loop over the same events, with the same concurrency. Each call
 * builds its 500 records with the same `buildRecord` (so both sides validate and encode alike)
 * and sends them in event order; the next call of a worker starts when its previous one answered.
 */
async function runReference(kinesis: KinesisClient, stream: string, events: number, keys: number) {
  const shape = watchCalls(kinesis);
  const perCall = KINESIS_LIMITS.maxRecordsPerCall;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < events) {
      const first = next;
      next = Math.min(events, next + perCall);
      const records: BufferedEvent[] = [];
      for (let index = first; index < next; index += 1) {
        const settings = { payloadSchema, schemaVersion: 1, partitionKeyField: 'userId', now: Date.now() };
        records.push(buildRecord('item_viewed', payloadOf(index, keys), settings));
      }
      const output = await kinesis.send(
        new PutRecordsCommand({
          StreamName: stream,
          Records: records.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
        }),
      );
      if (output.FailedRecordCount) throw new Error(`reference: ${output.FailedRecordCount} records failed`);
    }
  };
  const workers = clientCallsInFlight(keys);
  return timed(async () => {
    await Promise.all(Array.from({ length: workers }, worker));
  }, shape);
}

async function side(): Promise<void> {
  const [, , , which, endpoint, stream, events, keys] = process.argv;
  const kinesis = localKinesisClient(endpoint);
  const run = which === 'client' ? runClient : runReference;
  const result = await run(kinesis, stream, Number(events), Number(keys));
  kinesis.destroy();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Runs one side in a child process. Asynchronously, so this process's event loop keeps serving
 * the admin client's sockets (blocked, it would reuse a connection the emulator closed meanwhile).
 */
async function runSide(
  which: string,
  endpoint: string,
  stream: string,
  events: number,
  keys: number,
): Promise<SideResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', __filename, '--side', which, endpoint, stream, String(events), String(keys)],
    // NODE_NO_WARNINGS hides the SDK's Node 20 notice; real errors still reach stderr.
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`${which} run exited with ${code}`);
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as SideResult;
}

/**
 * Deletes a stream and waits until kinesalite has dropped it: its records leave the emulator's
 * store and its shards leave the account's count (kinesalite allows 10 shards at once).
 */
async function deleteLocalStream(admin: KinesisClient, name: string): Promise<void> {
  await admin.send(new DeleteStreamCommand({ StreamName: name }));
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      await admin.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`Kinesis stream ${name} was not deleted within 10 s`);
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');

function describeShape(shape: CallShape): string {
  const perCall =
    shape.minRecords === shape.maxRecords ? `${shape.maxRecords}` : `${shape.minRecords}-${shape.maxRecords}`;
  return `${shape.calls} calls of ${perCall}, ≤ ${shape.maxInFlight} in flight`;
}

const sameCalls = (a: CallShape, b: CallShape) =>
  a.calls === b.calls &&
  a.minRecords === b.minRecords &&
  a.maxRecords === b.maxRecords &&
  a.maxInFlight === b.maxInFlight;

async function main(): Promise<void> {
  const events = argument('events', 100_000);
  const keys = argument('keys', 1000);
  const runs = argument('runs', 3);
  const emulator = await startKinesis();
  const admin = localKinesisClient(emulator.endpoint);
  /** One run of a side on a stream of its own, deleted afterwards. */
  const run = async (which: string, name: string, eventCount: number): Promise<SideResult> => {
    await createLocalStream(admin, name, SHARDS);
    try {
      return await runSide(which, emulator.endpoint, name, eventCount, keys);
    } finally {
      await deleteLocalStream(admin, name);
    }
  };
  try {
    console.log(
      `${count(events)} events over ${count(keys)} keys into kinesalite, ${SHARDS} shards, ${runs} runs a side interleaved (Node ${process.version})`,
    );
    await run('reference', 'warm-up', WARM_UP_EVENTS);
    const sides = [
      { which: 'reference', name: 'bare PutRecords loop', results: [] as SideResult[] },
      { which: 'client', name: 'EventClient', results: [] as SideResult[] },
    ];
    const rate = (result: SideResult) => events / result.seconds;
    for (let round = 1; round <= runs; round += 1) {
      for (const { which, name, results } of sides) {
        const result = await run(which, `${which}-${round}`, events);
        results.push(result);
        console.log(
          `${`run ${round} ${name}`.padEnd(28)} ${count(rate(result)).padStart(7)} records/s  ${result.seconds.toFixed(1).padStart(5)} s  CPU ${result.cpuSeconds.toFixed(1).padStart(4)} s  ${describeShape(result)}  peak RSS ${Math.round(result.peakRssMb)} MB`,
        );
      }
    }
    const [reference, client] = sides.map(({ name, results }) => {
      const rates = results.map(rate);
      const summary = { name, median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
      console.log(
        `${name.padEnd(28)} median ${count(summary.median)} records/s (${count(summary.min)}-${count(summary.max)}), CPU median ${median(results.map((result) => result.cpuSeconds)).toFixed(1)} s`,
      );
      return summary;
    });
    const differing = sides[1]?.results.find((result, index) => {
      const bare = sides[0]?.results[index];
      return bare === undefined || !sameCalls(result, bare);
    });
    if (!reference || !client || differing) {
      throw new Error(
        'the EventClient and the bare loop did not make the same calls: the ratio would mislead',
      );
    }
    const ratio = client.median / reference.median;
    console.log(
      `ratio of medians EventClient / bare loop: ${ratio.toFixed(2)}x (target >= ${RATIO_TARGET}x: ${ratio >= RATIO_TARGET ? 'met' : 'MISSED'})`,
    );
    recordTarget({
      step: `client SDK, ${count(events)} events`,
      ours: `${count(client.median)} records/s (${count(client.min)}-${count(client.max)})`,
      reference: `bare PutRecords loop ${count(reference.median)} records/s (${count(reference.min)}-${count(reference.max)})`,
      measured: `${ratio.toFixed(2)}x`,
      target: `>= ${RATIO_TARGET}x`,
      met: ratio >= RATIO_TARGET,
    });
  } finally {
    admin.destroy();
    await emulator.stop();
  }
}

(process.argv[2] === '--side' ? side() : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
