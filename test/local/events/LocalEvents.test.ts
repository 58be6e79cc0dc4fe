import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamConfig } from '../../../lib/config';
import { DataLakeError } from '../../../lib/core/errors';
import { KAFKA_HEADERS } from '../../../lib/core/events/kafkaHeaders';
import { LocalEvents } from '../../../lib/local/events/LocalEvents';
import { sendSampleEvents } from '../../../lib/local/events/sendSampleEvents';

const STREAM: StreamConfig = {
  name: 'app-events',
  partitionKeyField: 'userId',
  kafkaTopic: 'app.events',
  kafkaPartitions: 2,
  capacity: 'on-demand',
  retentionHours: 24,
  publicClients: false,
  relay: { batchSize: 50, maxBatchingWindowSeconds: 1, parallelizationFactor: 1, maxRetryAttempts: 1 },
};

let lake: string;
let local: LocalEvents;

beforeAll(async () => {
  lake = mkdtempSync(join(tmpdir(), 'local-events-session-'));
  local = await LocalEvents.start({ lakeName: 'shop', lakeDir: lake, brokers: 1 });
}, 60_000);

afterAll(async () => {
  await local?.stop();
  rmSync(lake, { recursive: true, force: true });
});

describe('LocalEvents', () => {
  it('refuses to relay a stream it did not create, naming it', async () => {
    // Act
    const relayed = local.relay({ ...STREAM, name: 'never-made' });

    // Assert
    await expect(relayed).rejects.toThrow(DataLakeError);
    await expect(relayed).rejects.toThrow('Local stream never-made was not created; call createStream first');
  });

  it('relays what the client SDK sent into the created stream to its topic, while the broker keeps running', async () => {
    // Arrange
    await local.createStream(STREAM, { shards: 2 });
    const stats = await sendSampleEvents(local.kinesis, STREAM, 120);

    // Act
    const relay = await local.relay(STREAM);
    const messages = await local.kafka.readTopic(STREAM.kafkaTopic);

    // Assert
    expect(stats).toMatchObject({ sent: 120, failed: 0 });
    expect(relay).toMatchObject({ recordsRead: 120, poison: [], failures: [] });
    expect(relay.failureFile).toBe(join(local.paths.root, 'failures', 'app-events-relay.jsonl'));
    expect(new Set(messages.map((message) => message.headers[KAFKA_HEADERS.eventId])).size).toBe(120);
    expect(new Set(messages.map((message) => message.partition))).toEqual(new Set([0, 1]));
  });
});
