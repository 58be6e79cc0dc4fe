import type { DataLakeConfig } from '../../config';
import { LocalEvents } from './LocalEvents';
import { sendSampleEvents } from './sendSampleEvents';

/** What {@link runLocalEvents} sends and where the lake is. */
export interface RunLocalEventsOptions {
  /** The lake's name and its streams. */
  readonly config: Pick<DataLakeConfig, 'name' | 'streams'>;
  /** The lake directory `datalake local` writes and `datalake query --local` reads. */
  readonly lakeDir: string;
  /** Sample events sent into each stream. */
  readonly events: number;
  /** @default - no progress reported */
  readonly onProgress?: (message: string) => void;
}

/** What the events path did with one stream. */
export interface LocalStreamSummary {
  readonly stream: string;
  readonly topic: string;
  /** Events the client SDK delivered to the Kinesis emulator. */
  readonly sent: number;
  /** Records the relay produced to Kafka (each once; read from the stream, poison excluded). */
  readonly relayed: number;
  /** Distinct records the relay refused. */
  readonly poison: number;
  /** Batches that went to the on-failure destination, and the file holding them. */
  readonly failedBatches: number;
  readonly failureFile: string;
  /** Rows written to the archive table, and records refused to its `errors/` prefix. */
  readonly archived: number;
  readonly refused: number;
  /** The archive table, `<lake>_events.<table>`. */
  readonly table: string;
  readonly seconds: number;
}

/**
 * The mock keeps about 5 MiB per partition and silently drops the oldest beyond that; a sample
 * event is about 250 bytes, so 15,000 a partition leaves room.
 */
const EVENTS_PER_PARTITION = 15_000;

/**
 * `datalake local --events <n>`: starts the Kinesis emulator and the mock Kafka cluster
 * ({@link LocalEvents}), and for each configured stream sends `events` sample events through the
 * client SDK, relays the stream to its topic as the relay's event source mapping would and
 * archives it as Firehose would into the local catalog, then stops everything.
 *
 * @throws DataLakeError when the mock broker cannot be built (naming the install command) or a
 *   sample event is not delivered
 * @example
 * ```ts
 * const summaries = await runLocalEvents({ config, lakeDir: '.local/lake', events: 1000 });
 * // [{ stream: 'app-events', sent: 1000, relayed: 1000, archived: 1000, table: 'demo_events.app_events', … }]
 * ```
 */
export async function runLocalEvents(options: RunLocalEventsOptions): Promise<LocalStreamSummary[]> {
  const { config, events } = options;
  if (config.streams.length === 0) return [];
  const local = await LocalEvents.start({ lakeName: config.name, lakeDir: options.lakeDir });
  try {
    options.onProgress?.(
      `Kinesis emulator ${local.kinesisEndpoint}, Kafka mock ${local.kafka.bootstrapServers.join(',')}`,
    );
    const summaries: LocalStreamSummary[] = [];
    for (const stream of config.streams) {
      const started = Date.now();
      await local.createStream(stream, {
        topicPartitions: Math.max(stream.kafkaPartitions, Math.ceil(events / EVENTS_PER_PARTITION)),
      });
      const stats = await sendSampleEvents(local.kinesis, stream, events);
      options.onProgress?.(`${stream.name}: ${stats.sent} events sent, relaying to ${stream.kafkaTopic}`);
      const relay = await local.relay(stream);
      const poison = new Set(relay.poison.map((report) => String(report.sequenceNumber))).size;
      options.onProgress?.(`${stream.name}: relayed, archiving`);
      const archive = await local.archive(stream);
      summaries.push({
        stream: stream.name,
        topic: stream.kafkaTopic,
        sent: stats.sent,
        relayed: relay.recordsRead - poison,
        poison,
        failedBatches: relay.failures.length,
        failureFile: relay.failureFile,
        archived: archive.archived,
        refused: archive.failed,
        table: archive.table,
        seconds: (Date.now() - started) / 1000,
      });
    }
    return summaries;
  } finally {
    await local.stop();
  }
}
