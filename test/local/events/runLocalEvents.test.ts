import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamConfig } from '../../../lib/config';
import { type LocalStreamSummary, runLocalEvents } from '../../../lib/local/events/runLocalEvents';
import { localLakePaths } from '../../../lib/local/localCatalogPaths';
import { queryLocalCatalog } from '../../../lib/local/queryLocalCatalog';

const relay = { batchSize: 100, maxBatchingWindowSeconds: 1, parallelizationFactor: 1, maxRetryAttempts: 3 };

function stream(name: string, kafkaTopic: string, payloadFields?: Record<string, string>): StreamConfig {
  return {
    name,
    partitionKeyField: 'userId',
    kafkaTopic,
    kafkaPartitions: 3,
    capacity: 'on-demand',
    retentionHours: 24,
    publicClients: false,
    ...(payloadFields === undefined ? {} : { payloadFields }),
    relay,
  };
}

describe('runLocalEvents', () => {
  let lake: string;
  let summaries: LocalStreamSummary[];
  const progress: string[] = [];

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'local-events-'));
    summaries = await runLocalEvents({
      config: {
        name: 'shop',
        streams: [
          stream('app-events', 'app.events', { itemId: 'bigint', price: 'decimal(12,2)' }),
          stream('web-events', 'web.events'),
        ],
      },
      lakeDir: lake,
      events: 250,
      onProgress: (message) => progress.push(message),
    });
  }, 90_000);

  afterAll(() => rmSync(lake, { recursive: true, force: true }));

  it('sends, relays and archives every sample event of each stream, none poison or refused', () => {
    // Assert
    expect(summaries.map(({ seconds, failureFile, ...rest }) => rest)).toEqual([
      {
        stream: 'app-events',
        topic: 'app.events',
        sent: 250,
        relayed: 250,
        poison: 0,
        failedBatches: 0,
        archived: 250,
        refused: 0,
        table: 'shop_events.app_events',
      },
      {
        stream: 'web-events',
        topic: 'web.events',
        sent: 250,
        relayed: 250,
        poison: 0,
        failedBatches: 0,
        archived: 250,
        refused: 0,
        table: 'shop_events.web_events',
      },
    ]);
    expect(existsSync(summaries[0]?.failureFile ?? '')).toBe(false);
  });

  it('leaves the archive tables queryable in the local catalog', async () => {
    // Act
    const result = await queryLocalCatalog(
      localLakePaths(lake).catalogFile,
      `SELECT (SELECT count(DISTINCT event_id) FROM shop_events.app_events), (SELECT count(*) FROM shop_events.app_events WHERE event_name = 'item_purchased'), (SELECT sum(price)::VARCHAR FROM shop_events.app_events), (SELECT count(*) FROM shop_events.web_events)`,
    );

    // Assert: prices 0.5, 1.5, …, 249.5
    expect(result.rows).toEqual([['250', '25', '31250.00', '250']]);
  });

  it('reports where the services run', () => {
    // Assert
    expect(progress[0]).toMatch(/^Kinesis emulator http:\/\/127\.0\.0\.1:\d+, Kafka mock 127\.0\.0\.1:\d+/);
  });
});

describe('runLocalEvents without streams', () => {
  it('starts nothing and returns no summary', async () => {
    // Act
    const summaries = await runLocalEvents({
      config: { name: 'shop', streams: [] },
      lakeDir: '/nonexistent',
      events: 10,
    });

    // Assert
    expect(summaries).toEqual([]);
  });
});
