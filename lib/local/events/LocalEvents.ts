import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { DuckDBInstance } from '@duckdb/node-api';
import { KafkajsEventProducer, kafkaClient } from '../../adapters/kafka';
import type { StreamConfig } from '../../config';
import { DataLakeError } from '../../core/errors';
import { archiveTableName } from '../../core/events';
import { eventsDatabaseName } from '../../core/naming';
import { openDuckdb } from '../../duckdb';
import { DuckdbCatalog } from '../DuckdbCatalog';
import { type LocalLakePaths, localLakePaths } from '../localCatalogPaths';
import { drainKinesisStream } from './drainKinesisStream';
import { type ArchiveFlushResult, LocalEventArchive } from './LocalEventArchive';
import { type RelayLocallyResult, relayLocally } from './relayLocally';
import { type KafkaMock, startKafkaMock } from './startKafkaMock';
import { createLocalStream, type KinesisEmulator, localKinesisClient, startKinesis } from './startKinesis';

/** What {@link LocalEvents.start} starts and where it writes. */
export interface LocalEventsOptions {
  /** The lake's name (the config's `name`): archive tables go into `<name>_events`. */
  readonly lakeName: string;
  /** The lake directory: the events bucket, the catalog and the relay's failure files. */
  readonly lakeDir: string;
  /**
   * Brokers of the mock Kafka cluster.
   *
   * @default 3
   */
  readonly brokers?: number;
}

/** How {@link LocalEvents.createStream} sizes a stream and its topic. */
export interface LocalStreamOptions {
  /**
   * Shards of the Kinesis stream (kinesalite has no on-demand mode).
   *
   * @default 4
   */
  readonly shards?: number;
  /**
   * Partitions of the Kafka topic. The mock keeps only about 5 MiB per partition and drops the
   * oldest messages beyond that: give a large volume more partitions.
   *
   * @default - the stream's `kafkaPartitions`
   */
  readonly topicPartitions?: number;
}

/** What {@link LocalEvents.relay} did, and where its on-failure records went. */
export interface LocalRelayResult extends RelayLocallyResult {
  /** The JSON lines file standing in for the on-failure SQS queue. */
  readonly failureFile: string;
}

/** What {@link LocalEvents.archive} did, and where to query it. */
export interface LocalArchiveResult extends ArchiveFlushResult {
  /** `<lake>_events.<table>`, as `datalake query --local` names it. */
  readonly table: string;
}

/**
 * The client events path of local mode, running: a Kinesis emulator (kinesalite), librdkafka's
 * mock Kafka cluster, the relay's producer and the lake's local catalog. Per configured stream,
 * {@link createStream} makes the Kinesis stream and its topic; the app (the client SDK on
 * {@link kinesis}) sends; {@link relay} runs the relay over the stream as its event source
 * mapping would; {@link archive} reads it again as Firehose would into Parquet and the catalog.
 * {@link stop} ends every process and closes every client.
 *
 * @example
 * ```ts
 * const events = await LocalEvents.start({ lakeName: config.name, lakeDir: '.local/lake' });
 * try {
 *   await events.createStream(stream);
 *   await sendMyEvents(events.kinesis, stream.name);
 *   await events.relay(stream);
 *   await events.archive(stream);
 * } finally {
 *   await events.stop();
 * }
 * ```
 */
export class LocalEvents {
  /** The emulator's `http://127.0.0.1:<port>`. */
  public readonly kinesisEndpoint: string;
  /** A client of the emulator, for the client SDK and for checks. */
  public readonly kinesis: KinesisClient;
  /** The mock cluster: bootstrap servers, and `readTopic` to consume a topic back. */
  public readonly kafka: KafkaMock;
  /** The lake directory's layout. */
  public readonly paths: LocalLakePaths;
  /** The events database of the local catalog, `<lake>_events`. */
  public readonly databaseName: string;
  private readonly emulator: KinesisEmulator;
  private readonly producer: KafkajsEventProducer;
  private readonly duckdb: DuckDBInstance;
  private readonly catalog: DuckdbCatalog;
  private readonly streamArns = new Map<string, string>();

  private constructor(parts: {
    emulator: KinesisEmulator;
    kafka: KafkaMock;
    paths: LocalLakePaths;
    databaseName: string;
    duckdb: DuckDBInstance;
    catalog: DuckdbCatalog;
  }) {
    this.emulator = parts.emulator;
    this.kafka = parts.kafka;
    this.paths = parts.paths;
    this.databaseName = parts.databaseName;
    this.duckdb = parts.duckdb;
    this.catalog = parts.catalog;
    this.kinesisEndpoint = parts.emulator.endpoint;
    this.kinesis = localKinesisClient(parts.emulator.endpoint);
    this.producer = new KafkajsEventProducer(
      kafkaClient({
        brokers: [...parts.kafka.bootstrapServers],
        clientId: 'datalake-local-relay',
        auth: 'none',
        region: 'local',
      }),
    );
  }

  /**
   * Starts the emulator and the mock cluster (building it when needed) and opens the catalog.
   * When one of them fails, whatever did start is stopped before the error is thrown.
   *
   * @throws DataLakeError when the mock broker cannot be built (it names the install command)
   */
  public static async start(options: LocalEventsOptions): Promise<LocalEvents> {
    const [emulator, kafka] = await Promise.allSettled([
      startKinesis(),
      startKafkaMock(options.brokers ?? 3),
    ]);
    if (emulator.status === 'rejected' || kafka.status === 'rejected') {
      await Promise.all([
        emulator.status === 'fulfilled' ? emulator.value.stop() : undefined,
        kafka.status === 'fulfilled' ? kafka.value.stop() : undefined,
      ]);
      throw kafka.status === 'rejected' ? kafka.reason : (emulator as PromiseRejectedResult).reason;
    }
    const paths = localLakePaths(options.lakeDir);
    let duckdb: DuckDBInstance | undefined;
    try {
      duckdb = await openDuckdb({ threads: 2 });
      const catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
      return new LocalEvents({
        emulator: emulator.value,
        kafka: kafka.value,
        paths,
        databaseName: eventsDatabaseName(options.lakeName),
        duckdb,
        catalog,
      });
    } catch (error) {
      duckdb?.closeSync();
      await Promise.all([emulator.value.stop(), kafka.value.stop()]);
      throw error;
    }
  }

  /** Creates the stream's Kinesis stream (waiting until it is ACTIVE) and its Kafka topic; returns the stream's ARN. */
  public async createStream(stream: StreamConfig, options: LocalStreamOptions = {}): Promise<string> {
    const arn = await createLocalStream(this.kinesis, stream.name, options.shards ?? 4);
    await this.kafka.createTopic(stream.kafkaTopic, options.topicPartitions ?? stream.kafkaPartitions);
    this.streamArns.set(stream.name, arn);
    return arn;
  }

  /**
   * Relays everything in the stream to its topic (see `relayLocally`): batches of the stream's
   * `relay.batchSize`, its retries, bisect and on-failure records, appended to
   * `<lake>/failures/<stream>-relay.jsonl`.
   *
   * @param onProgress - called after each batch with the records read so far. @default - none
   */
  public async relay(
    stream: StreamConfig,
    onProgress?: (recordsRead: number) => void,
  ): Promise<LocalRelayResult> {
    const failureFile = join(this.paths.root, 'failures', `${stream.name}-relay.jsonl`);
    const result = await relayLocally({
      kinesis: this.kinesis,
      streamName: stream.name,
      streamArn: this.streamArn(stream.name),
      producer: this.producer,
      topic: stream.kafkaTopic,
      relay: stream.relay,
      failureFile,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    return { ...result, failureFile };
  }

  /**
   * Archives everything in the stream (see `LocalEventArchive`): Parquet by arrival date and hour
   * under the events bucket, the table and its partitions in the local catalog, refused records
   * under the bucket's `errors/` with their reason.
   */
  public async archive(stream: StreamConfig): Promise<LocalArchiveResult> {
    this.streamArn(stream.name);
    const archive = new LocalEventArchive({
      stream,
      duckdb: this.duckdb,
      catalog: this.catalog,
      databaseName: this.databaseName,
      bucketsRoot: this.paths.buckets,
      tempDirectory: this.paths.temp,
    });
    await drainKinesisStream({
      client: this.kinesis,
      streamName: stream.name,
      batchSize: 10_000,
      onBatch: async (records) => archive.add(records),
    });
    const flushed = await archive.flush();
    return { ...flushed, table: `${this.databaseName}.${archiveTableName(stream.name)}` };
  }

  /** Disconnects the producer, closes the catalog and stops both processes. */
  public async stop(): Promise<void> {
    try {
      await this.producer.disconnect();
    } finally {
      this.kinesis.destroy();
      this.catalog.close();
      this.duckdb.closeSync();
      await Promise.all([this.kafka.stop(), this.emulator.stop()]);
    }
  }

  private streamArn(name: string): string {
    const arn = this.streamArns.get(name);
    if (arn === undefined) {
      const made = [...this.streamArns.keys()].join(', ') || '(none)';
      throw new DataLakeError(
        `Local stream ${name} was not created; call createStream first (created: ${made})`,
      );
    }
    return arn;
  }
}
