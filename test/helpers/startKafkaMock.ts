import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const REPO_ROOT = resolve(__dirname, '../..');
const KAFKA_SH = resolve(REPO_ROOT, 'scripts/services/kafka.sh');

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
  /** Ends the cluster (closing its stdin) and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Builds the mock broker if needed (`kafka.sh build`), starts a cluster of `brokers` on free
 * loopback ports and waits for its bootstrap servers. The process exits when its stdin closes,
 * so a test run that dies never leaves it behind.
 *
 * @example
 * ```ts
 * const kafka = await startKafkaMock();
 * await kafka.createTopic('app.events', 8);
 * afterAll(() => kafka.stop());
 * ```
 */
export async function startKafkaMock(brokers = 3): Promise<KafkaMock> {
  await promisify(execFile)('bash', [KAFKA_SH, 'build']);
  const { stdout } = await promisify(execFile)('bash', [KAFKA_SH, 'path']);
  const child: ChildProcessWithoutNullStreams = spawn(stdout.trim(), [String(brokers)], { stdio: 'pipe' });
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
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin.end();
      await exited;
    },
  };
}
