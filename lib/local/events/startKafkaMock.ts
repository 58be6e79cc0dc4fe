import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { buildKafkaMock } from './buildKafkaMock';

/** A message read back from the mock, with where it was stored. */
export interface StoredMessage {
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** A running librdkafka mock cluster (see scripts/services/kafka.sh). */
export interface KafkaMock {
  /** The bootstrap servers, `127.0.0.1:port` each, as the cluster printed them. */
  readonly bootstrapServers: readonly string[];
  /**
   * Creates a topic. The mock keeps only about 5 MiB per partition and silently drops the oldest
   * messages beyond that: give a test's volume enough partitions and assert counts.
   */
  createTopic(name: string, partitions: number): Promise<void>;
  /** Closes a broker's connections and refuses new ones (ids start at 1), to simulate an outage. */
  setBrokerDown(brokerId: number): Promise<void>;
  /** Lets a broker taken down accept connections again. */
  setBrokerUp(brokerId: number): Promise<void>;
  /**
   * Every message stored in `topic`, by partition then offset: reads until each partition's high
   * watermark, so the count is exact and a loss or a duplicate shows.
   *
   * @param timeoutMs - longest wait for the last message. @default 20000
   */
  readTopic(topic: string, timeoutMs?: number): Promise<StoredMessage[]>;
  /** Ends the cluster (closing its stdin) and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Builds the mock broker if needed ({@link buildKafkaMock}), starts a cluster of `brokers` on free
 * loopback ports and waits for its bootstrap servers. The process exits when its stdin closes,
 * so a test run that dies never leaves it behind.
 *
 * @throws DataLakeError when the mock cannot be built, saying how to install its build tools
 * @example
 * ```ts
 * const kafka = await startKafkaMock();
 * await kafka.createTopic('app.events', 8);
 * afterAll(() => kafka.stop());
 * ```
 */
export async function startKafkaMock(brokers = 3): Promise<KafkaMock> {
  const binary = await buildKafkaMock();
  const child: ChildProcessWithoutNullStreams = spawn(binary, [String(brokers)], { stdio: 'pipe' });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const replies: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else replies.push(line);
  });
  const nextLine = (): Promise<string> =>
    Promise.race([
      new Promise<string>((done) => {
        const line = replies.shift();
        if (line === undefined) waiting.push(done);
        else done(line);
      }),
      exited.then((code) => Promise.reject(new Error(`kafka-mock exited with ${code}`))),
    ]);
  let queue: Promise<void> = Promise.resolve();
  const command = (text: string): Promise<void> => {
    const run = queue.then(async () => {
      child.stdin.write(`${text}\n`);
      const reply = await nextLine();
      if (reply !== 'ok') throw new Error(`kafka-mock: "${text}" answered ${reply}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const bootstrapServers = (await nextLine()).split(',');
  return {
    bootstrapServers,
    createTopic: (name, partitions) => command(`topic ${name} ${partitions}`),
    setBrokerDown: (brokerId) => command(`down ${brokerId}`),
    setBrokerUp: (brokerId) => command(`up ${brokerId}`),
    readTopic: (topic, timeoutMs = 20_000) => readTopic(bootstrapServers, topic, timeoutMs),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin.end();
      await exited;
    },
  };
}

let readers = 0;

async function readTopic(
  brokers: readonly string[],
  topic: string,
  timeoutMs: number,
): Promise<StoredMessage[]> {
  const kafka = new Kafka({
    brokers: [...brokers],
    clientId: 'datalake-local-reader',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = offsets.reduce(
    (sum, partition) => sum + Number(partition.high) - Number(partition.low),
    0,
  );
  const stored: StoredMessage[] = [];
  if (expected === 0) return stored;
  readers += 1;
  const consumer = kafka.consumer({ groupId: `datalake-local-reader-${process.pid}-${readers}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`read ${stored.length} of ${expected} messages of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
          stored.push({
            partition,
            offset: Number(message.offset),
            key: message.key?.toString() ?? '',
            value: message.value ?? Buffer.alloc(0),
            headers,
          });
          if (stored.length === expected) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return stored.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
