/**
 * `npm run demo:events [lake dir]`: the client events path end to end on this machine.
 *
 * 1. starts a Kinesis emulator (kinesalite) and the librdkafka mock Kafka cluster through the
 *    project's own scripts, and creates the example config's `app-events` stream and topic
 *    (`LocalEvents`, as `datalake local --events` does);
 * 2. sends 100,000 events from 1,000 users through the client SDK (`EventClient`), each payload
 *    carrying the user's own counter, and half-way three poison records put around the SDK (bytes
 *    that are not JSON, JSON that is not an envelope, an envelope whose `price` is not a number);
 * 3. relays the stream to Kafka as AWS would: the relay Lambda's `relayTask` behind the event
 *    source mapping's batch size, bisect, retries and on-failure destination (`relayLocally`);
 * 4. archives the stream as Firehose would (`LocalEventArchive`: the archive transform Lambda's task, Parquet by
 *    arrival date and hour, the events table in the local catalog);
 * 5. consumes the topic back and checks: every event exactly once after dropping duplicates by
 *    the event id header, duplicates identical in their Kinesis headers, each user's events on
 *    one partition and in order, the poison records in the failure path with their reason, and
 *    the archive's counts through SQL.
 *
 * Exits 1 when a check fails. The lake directory defaults to a fresh temp directory; give
 * `.local/lake` to query the archive afterwards with `npx datalake query --local`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { EventClient } from '../../lib/client';
import { loadConfig } from '../../lib/config';
import { KAFKA_HEADERS } from '../../lib/core/events/kafkaHeaders';
import { LocalEvents } from '../../lib/local/events/LocalEvents';
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';

const EVENTS = 100_000;
const USERS = 1_000;
const SHARDS = 4;
/** The mock keeps ~5 MiB per partition and drops the oldest beyond: 100k events of ~300 B need 8+. */
const TOPIC_PARTITIONS = 24;
/** The partition key of the poison records, kept apart from the app's users. */
const POISON_KEY = 'u-poison';

const payloadSchema = z.strictObject({
  userId: z.string(),
  n: z.int().min(1),
  itemId: z.int(),
  screen: z.string(),
  price: z.number(),
});
type Payload = z.infer<typeof payloadSchema>;

interface Check {
  readonly ok: boolean;
  readonly what: string;
  readonly detail: string;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const started = Date.now();
  const config = loadConfig(resolve(__dirname, '../../config/marketplace.yaml'));
  const stream = config.streams[0];
  if (stream === undefined) throw new Error('config/marketplace.yaml has no stream');
  const lakeDir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'datalake-events-')));

  const local = await LocalEvents.start({ lakeName: config.name, lakeDir });
  const { kinesis, kafka } = local;
  console.log(`Stream ${stream.name} → topic ${stream.kafkaTopic}; lake directory ${local.paths.root}`);
  try {
    await local.createStream(stream, { shards: SHARDS, topicPartitions: TOPIC_PARTITIONS });
    console.log(
      `Kinesis emulator ${local.kinesisEndpoint} (${SHARDS} shards), Kafka mock ${kafka.bootstrapServers.join(',')}`,
    );

    // Records the SDK would never send, put straight into the stream: the poison.
    const poison = [
      { name: 'bytes that are not JSON', data: Buffer.from([0xff, 0xfe, 0x00, 0x01]) },
      { name: 'JSON that is not an envelope', data: Buffer.from('{"hello":"world"}') },
      {
        name: 'an envelope whose price is not a number',
        data: Buffer.from(
          JSON.stringify({
            eventId: '00000000-0000-4000-8000-000000000001',
            name: 'item_viewed',
            clientTime: '2026-11-23T09:15:02.123Z',
            schemaVersion: 1,
            payload: { userId: POISON_KEY, n: 1, itemId: 1, screen: 'x', price: 'twelve' },
          }),
        ),
      },
    ];
    let poisonSequences: string[] = [];

    // 2. The app's side: the client SDK.
    const sendStarted = Date.now();
    const undelivered: string[] = [];
    const client = new EventClient<Payload>({
      client: kinesis,
      streamName: stream.name,
      partitionKeyField: stream.partitionKeyField,
      payloadSchema,
      schemaVersion: 1,
      onFailure: (failures) => undelivered.push(...failures.map((failure) => failure.reason)),
    });
    const counters = new Array<number>(USERS).fill(0);
    for (let i = 0; i < EVENTS; i++) {
      const user = (i * 7919) % USERS;
      counters[user] = (counters[user] ?? 0) + 1;
      await client.send(i % 10 === 0 ? 'item_purchased' : 'item_viewed', {
        userId: `u-${user}`,
        n: counters[user] ?? 0,
        itemId: 1_000_000 + (i % 5000),
        screen: i % 3 === 0 ? '홈 피드 🏠' : 'search',
        price: (i % 100_000) / 100,
      });
      if ((i + 1) % 20_000 === 0) console.log(`  sent ${i + 1} events (${seconds(sendStarted)})`);
      if (i + 1 === EVENTS / 2) {
        // Mid-stream, so the batches holding the poison also hold good records after it.
        await client.flush();
        const put = await kinesis.send(
          new PutRecordsCommand({
            StreamName: stream.name,
            Records: poison.map((record) => ({ Data: record.data, PartitionKey: POISON_KEY })),
          }),
        );
        poisonSequences = (put.Records ?? []).map((record) => record.SequenceNumber ?? '');
      }
    }
    await client.close();
    const stats = client.stats();
    console.log(
      `Client SDK: ${stats.sent} sent, ${stats.retried} retried, ${stats.failed} failed in ${seconds(sendStarted)}`,
    );

    // 3. The relay, as the event source mapping runs it.
    const relayStarted = Date.now();
    const relay = await local.relay(stream, (read) => {
      if (read % 20_000 < stream.relay.batchSize) console.log(`  relayed ${read} records`);
    });
    console.log(
      `Relay: ${relay.recordsRead} records read in batches of ${stream.relay.batchSize} in ${seconds(relayStarted)}; ${relay.poison.length} poison reports, ${relay.failures.length} batches to the failure destination`,
    );

    // 4. The archive, as Firehose reads the same stream.
    const archived = await local.archive(stream);
    console.log(`Archive: ${archived.archived} rows written, ${archived.failed} records to the error prefix`);

    // 5. A consumer's view.
    const consumeStarted = Date.now();
    const messages = await kafka.readTopic(stream.kafkaTopic, 180_000);
    console.log(`Consumer: ${messages.length} messages read back in ${seconds(consumeStarted)}\n`);

    const checks: Check[] = [];
    const check = (ok: boolean, what: string, detail: string) => checks.push({ ok, what, detail });
    check(
      stats.sent === EVENTS && undelivered.length === 0,
      'client delivered',
      `${stats.sent} of ${EVENTS}`,
    );

    const appMessages = messages.filter((message) => message.key !== POISON_KEY);
    const firstById = new Map<string, (typeof messages)[number]>();
    let duplicates = 0;
    let duplicatesConsistent = true;
    for (const message of appMessages) {
      const id = message.headers[KAFKA_HEADERS.eventId] ?? '';
      const first = firstById.get(id);
      if (first === undefined) {
        firstById.set(id, message);
        continue;
      }
      duplicates += 1;
      const same = (name: string) => first.headers[name] === message.headers[name];
      duplicatesConsistent &&= same(KAFKA_HEADERS.sequence) && same(KAFKA_HEADERS.shard);
    }
    check(firstById.size === EVENTS, 'each event once', `${firstById.size} distinct event ids of ${EVENTS}`);
    check(
      duplicates > 0 && duplicatesConsistent,
      'duplicates found by header',
      `${duplicates} re-sent by retries after a poison record, each with the first copy's event id, sequence and shard`,
    );

    const byUser = new Map<string, { partition: number; n: number[] }>();
    let onePartition = true;
    for (const message of firstById.values()) {
      const payload = (JSON.parse(message.value.toString('utf8')) as { payload: Payload }).payload;
      const seen = byUser.get(message.key) ?? { partition: message.partition, n: [] };
      onePartition &&= seen.partition === message.partition && payload.userId === message.key;
      seen.n.push(payload.n);
      byUser.set(message.key, seen);
    }
    const outOfOrder = [...byUser.entries()].filter(([, seen]) => seen.n.some((n, i) => n !== i + 1));
    check(onePartition, 'key = partition key', `${byUser.size} users, each on one Kafka partition`);
    check(
      outOfOrder.length === 0,
      'per-key order',
      outOfOrder.length === 0
        ? `every user's counter reads 1, 2, 3, … in offset order`
        : `out of order: ${outOfOrder
            .slice(0, 3)
            .map(([key]) => key)
            .join(', ')}`,
    );

    const relayPoison = poisonSequences.slice(0, 2);
    const passed = messages.filter((message) => message.key === POISON_KEY);
    check(
      passed.length > 0 &&
        passed.every((message) => message.headers[KAFKA_HEADERS.sequence] === poisonSequences[2]),
      'envelopes pass the relay',
      `${poison[2]?.name} reached Kafka (payload types are the app's contract; the archive checks them)`,
    );
    const reported = new Set(relay.poison.map((report) => String(report.sequenceNumber)));
    const inFailurePath = (sequence: string) =>
      relay.failures.some(
        (failure) =>
          BigInt(failure.KinesisBatchInfo.startSequenceNumber) <= BigInt(sequence) &&
          BigInt(sequence) <= BigInt(failure.KinesisBatchInfo.endSequenceNumber),
      );
    check(
      relayPoison.every((sequence) => reported.has(sequence) && inFailurePath(sequence)),
      'poison → failure path',
      `${poison[0]?.name} and ${poison[1]?.name} reported with their reason and sent to the on-failure destination`,
    );
    for (const report of relay.poison.filter(
      (r, i, all) => all.findIndex((o) => o.sequenceNumber === r.sequenceNumber) === i,
    )) {
      console.log(`  poison ${String(report.sequenceNumber).slice(-8)}: ${String(report.reason)}`);
    }

    const [[rows, ids, keys, purchases] = []] = (
      await queryLocalCatalog(
        local.paths.catalogFile,
        `SELECT count(*), count(DISTINCT event_id), count(DISTINCT partition_key), count(*) FILTER (WHERE event_name = 'item_purchased') FROM ${archived.table}`,
      )
    ).rows;
    check(
      Number(rows) === EVENTS && Number(ids) === EVENTS && archived.failed === poison.length,
      'archive',
      `${rows} rows (${ids} event ids, ${keys} keys, ${purchases} purchases): every event once; the ${archived.failed} poison records under errors/ with their reason`,
    );

    for (const { ok, what, detail } of checks)
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${what.padEnd(26)} ${detail}`);
    const failed = checks.filter((c) => !c.ok).length;
    console.log(
      `\n${failed === 0 ? 'All checks passed' : `${failed} check(s) failed`} in ${seconds(started)}`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    await local.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
