/**
 * Relay benchmark: Kinesis batches through the relay (relayTask on a KafkajsEventProducer
 * and a Powertools Logger, as lambdas/relay/handler binds them) into the librdkafka mock broker, against a bare kafkajs producer sending the same
 * messages with the same settings (acks -1, one request in flight), and the size of the relay
 * bundle as the construct builds it (esbuild, minified, CommonJS, node24, AWS SDK bundled).
 *
 * Events are made in memory in the Kinesis event shape (~330 B envelopes, 1,000 partition keys),
 * so the figures are the relay's own cost, not the emulator's. Per invocation: the mean time of
 * a batch of 100 and of 1,000; per second: 50,000 records in batches of 1,000 one after another,
 * as one shard's event source mapping delivers them. Every topic's count is checked against what
 * was sent (the mock drops the oldest messages beyond ~5 MiB a partition: topics have 16).
 * Usage: `npm run bench` (all benches) or `npx tsx scripts/bench/relay.ts`. Takes about 30 s.
 */
import { resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { KinesisStreamEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { KafkajsEventProducer, kafkaClient } from '../../lib/adapters/kafka';
import { NO_METRICS } from '../../lib/adapters/metrics';
import { kafkaMessage } from '../../lib/core/events/kafkaMessage';
import { kinesisStreamEvent } from '../../lib/local/events/kinesisStreamEvent';
import { startKafkaMock } from '../../lib/local/events/startKafkaMock';
import { relayTask } from '../../lib/tasks/relay/relayTask';

const TOTAL = 50_000;
const PARTITIONS = 16;
const REPO_ROOT = resolve(__dirname, '../..');

/** `count` client events in Kinesis batches of `batchSize`, sequence numbers from `first`. */
function batches(count: number, batchSize: number, first = 0): KinesisStreamEvent[] {
  const events: KinesisStreamEvent[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const records = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => {
      const n = first + start + i;
      const envelope = {
        eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        name: 'item_viewed',
        clientTime: new Date(1_795_000_000_000 + n).toISOString(),
        schemaVersion: 1,
        payload: {
          userId: `user-${n % 1000}`,
          itemId: n * 7,
          title: '중고 자전거 팝니다 🚲',
          price: 120_000 + n,
        },
      };
      return {
        Data: Buffer.from(JSON.stringify(envelope)),
        PartitionKey: `user-${n % 1000}`,
        SequenceNumber: String(49_000_000_000n + BigInt(n)),
        ApproximateArrivalTimestamp: new Date(1_795_000_000_000 + n),
      };
    });
    events.push(
      kinesisStreamEvent(records, {
        streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/bench',
        shardId: 'shardId-000000000000',
      }),
    );
  }
  return events;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function bundleBytes(): Promise<number> {
  const result = await build({
    entryPoints: [resolve(REPO_ROOT, 'lambdas/relay/handler.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
}

async function main(): Promise<void> {
  const kafka = await startKafkaMock(3);
  const admin = new Kafka({
    brokers: [...kafka.bootstrapServers],
    clientId: 'bench',
    logLevel: logLevel.NOTHING,
  });
  const bare = admin.producer({ maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const counts = admin.admin();
  const stored = async (topic: string) =>
    (await counts.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  try {
    const topics = ['relay.100', 'relay.1000', 'bare.100', 'bare.1000', 'relay.50k', 'bare.50k'];
    for (const topic of topics) await kafka.createTopic(topic, PARTITIONS);
    const producer = new KafkajsEventProducer(
      kafkaClient({
        brokers: kafka.bootstrapServers,
        clientId: 'relay-bench',
        auth: 'none',
        region: 'eu-west-1',
      }),
    );
    // Info logs off, as a quiet production relay would run; poison records would still log.
    const logger = new Logger({ serviceName: 'relay-bench', logLevel: 'WARN' });
    await Promise.all([bare.connect(), counts.connect()]);
    const relayTo = async (topic: string, events: KinesisStreamEvent[]) => {
      for (const event of events) {
        const response = await relayTask(event, {
          producer,
          settings: { KAFKA_TOPIC: topic, STREAM_NAME: 'relay-bench' },
          logger,
          metrics: NO_METRICS,
        });
        if (response.batchItemFailures.length > 0) throw new Error(`unexpected failures in ${topic}`);
      }
    };
    // The reference sends messages made before the clock starts: only kafkajs's own cost.
    const messagesOf = (events: KinesisStreamEvent[]) =>
      events.map((event) =>
        event.Records.map((record) => {
          const { key, value, headers } = kafkaMessage(record);
          return { key, value, headers: { ...headers } };
        }),
      );
    const bareTo = async (topic: string, events: KinesisStreamEvent[]) => {
      const prepared = messagesOf(events);
      const seconds = await timed(async () => {
        for (const messages of prepared) await bare.send({ topic, acks: -1, messages });
      });
      return seconds;
    };
    // Warm up both paths (connections, metadata, JIT) on a throw-away topic.
    await kafka.createTopic('warmup', 4);
    await relayTo('warmup', batches(2000, 500));
    await bareTo('warmup', batches(2000, 500));

    const rows: string[][] = [];
    for (const size of [100, 1000]) {
      const events = batches(size === 100 ? 20_000 : 30_000, size);
      const relaySeconds = await timed(() => relayTo(`relay.${size}`, events));
      const bareSeconds = await bareTo(`bare.${size}`, events);
      const records = events.length * size;
      rows.push([
        `batch of ${size} (${events.length} invocations)`,
        `${((relaySeconds / events.length) * 1000).toFixed(1)} ms`,
        `${((bareSeconds / events.length) * 1000).toFixed(1)} ms`,
        `${Math.round(records / relaySeconds)}/s`,
        `${Math.round(records / bareSeconds)}/s`,
        (bareSeconds / relaySeconds).toFixed(2),
      ]);
    }
    const all = batches(TOTAL, 1000, 1_000_000);
    const relaySeconds = await timed(() => relayTo('relay.50k', all));
    const bareSeconds = await bareTo('bare.50k', all);
    rows.push([
      `${TOTAL} records, batches of 1000`,
      `${relaySeconds.toFixed(2)} s total`,
      `${bareSeconds.toFixed(2)} s total`,
      `${Math.round(TOTAL / relaySeconds)}/s`,
      `${Math.round(TOTAL / bareSeconds)}/s`,
      (bareSeconds / relaySeconds).toFixed(2),
    ]);
    const expected: Record<string, number> = { '100': 20_000, '1000': 30_000, '50k': TOTAL };
    for (const topic of topics) {
      const want = expected[topic.split('.')[1] ?? ''];
      const got = await stored(topic);
      if (got !== want) throw new Error(`${topic} holds ${got} messages, ${want} were sent`);
    }
    const bytes = await bundleBytes();

    console.log(
      `Relay into the librdkafka mock broker (3 brokers, ${PARTITIONS} partitions, acks -1), Node ${process.version}`,
    );
    const header = [
      'run',
      'relay per invocation',
      'bare kafkajs per send',
      'relay',
      'bare kafkajs',
      'relay/bare',
    ];
    const widths = header.map((title, i) =>
      Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)),
    );
    for (const row of [header, ...rows])
      console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
    console.log('Counts checked: every topic holds exactly the messages sent.');
    console.log(
      `Relay bundle (esbuild, minified, cjs, node24): ${bytes} bytes (${(bytes / 1024).toFixed(0)} KiB)`,
    );
    await producer.disconnect();
  } finally {
    await Promise.allSettled([bare.disconnect(), counts.disconnect()]);
    await kafka.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
