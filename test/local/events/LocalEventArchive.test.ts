import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { _Record } from '@aws-sdk/client-kinesis';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckdb, queryRows, withConnection } from '../../../lib/duckdb';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { LOCAL_EVENTS_BUCKET, LocalEventArchive } from '../../../lib/local/events/LocalEventArchive';
import { type LocalLakePaths, localLakePaths } from '../../../lib/local/localCatalogPaths';
import { queryLocalCatalog } from '../../../lib/local/queryLocalCatalog';

const STREAM = {
  name: 'app-events',
  payloadFields: { itemId: 'bigint', screen: 'string', price: 'decimal(12,2)' },
};
const DATABASE = 'demo_events';
const ARRIVAL = Date.UTC(2026, 10, 23, 9, 15, 3, 456);

let duckdb: DuckDBInstance;
let paths: LocalLakePaths;
let catalog: DuckdbCatalog;
let archive: LocalEventArchive;
let sequence = 0;

beforeEach(async () => {
  paths = localLakePaths(mkdtempSync(join(tmpdir(), 'event-archive-')));
  duckdb = await openDuckdb({ threads: 1 });
  catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
  archive = new LocalEventArchive({
    stream: STREAM,
    duckdb,
    catalog,
    databaseName: DATABASE,
    bucketsRoot: paths.buckets,
    tempDirectory: paths.temp,
  });
});

afterEach(() => {
  catalog.close();
  duckdb.closeSync();
  rmSync(paths.root, { recursive: true, force: true });
});

/** A Kinesis record as GetRecords returns it, with a fresh sequence number. */
function record(data: string, arrival = ARRIVAL, key = 'u-1'): _Record {
  sequence += 1;
  return {
    Data: Buffer.from(data),
    PartitionKey: key,
    SequenceNumber: String(49_000_000 + sequence),
    ApproximateArrivalTimestamp: new Date(arrival),
  };
}

/** A valid envelope of the stream: `n` in the event id, itemId and price from `n`. */
function envelope(n: number, payload: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: 'item_viewed',
    clientTime: '2026-11-23T09:15:02.123Z',
    schemaVersion: 1,
    payload: {
      userId: 'u-1',
      itemId: Number.MAX_SAFE_INTEGER,
      screen: '홈 피드 🏠',
      price: n + 0.5,
      ...payload,
    },
  });
}

/** Every file under `directory`, relative, sorted; none when it does not exist. */
function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

const partitionDir = () => join(paths.buckets, LOCAL_EVENTS_BUCKET, 'app-events', 'dt=2026-11-23', 'hour=09');

describe('LocalEventArchive', () => {
  it('writes rows as Parquet under the stream’s UTC arrival date and hour', async () => {
    // Arrange
    archive.add([
      record(envelope(1)),
      record(envelope(2)),
      record(envelope(3), Date.UTC(2026, 10, 23, 23, 59, 59)),
    ]);

    // Act
    const result = await archive.flush();

    // Assert
    expect(result).toEqual({ archived: 3, failed: 0 });
    const files = filesUnder(join(paths.buckets, LOCAL_EVENTS_BUCKET));
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^app-events\/dt=2026-11-23\/hour=09\/[\w-]+\.parquet$/);
    expect(files[1]).toMatch(/^app-events\/dt=2026-11-23\/hour=23\/[\w-]+\.parquet$/);
  });

  it('writes the archive column types: TIMESTAMP (INT64 micros, never INT96), DECIMAL(12,2), BIGINT', async () => {
    // Arrange
    archive.add([record(envelope(1))]);
    await archive.flush();
    const [file = ''] = filesUnder(partitionDir());

    // Act
    const { described, physical } = await withConnection(duckdb, async (connection) => ({
      described: await queryRows(
        connection,
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${join(partitionDir(), file)}', hive_partitioning = false))`,
      ),
      physical: await queryRows(
        connection,
        `SELECT name, type, logical_type::VARCHAR AS logical FROM parquet_schema('${join(partitionDir(), file)}') WHERE name IN ('client_time', 'arrival_time')`,
      ),
    }));

    // Assert
    expect(Object.fromEntries(described.map((row) => [row.column_name, row.column_type]))).toEqual({
      event_id: 'VARCHAR',
      event_name: 'VARCHAR',
      client_time: 'TIMESTAMP',
      schema_version: 'INTEGER',
      partition_key: 'VARCHAR',
      arrival_time: 'TIMESTAMP',
      payload: 'VARCHAR',
      itemid: 'BIGINT',
      screen: 'VARCHAR',
      price: 'DECIMAL(12,2)',
    });
    expect(physical).toHaveLength(2);
    for (const column of physical) {
      expect(column.type).toBe('INT64');
      expect(String(column.logical)).toMatch(
        /TimestampType.*unit=TimeUnit\(MILLIS=<null>, MICROS=MicroSeconds/,
      );
    }
  });

  it('registers the table so the local catalog view returns the rows with exact values', async () => {
    // Arrange
    archive.add([record(envelope(7), ARRIVAL, 'u-7')]);
    await archive.flush();

    // Act
    const result = await queryLocalCatalog(
      paths.catalogFile,
      `SELECT event_id, partition_key, client_time::VARCHAR, arrival_time::VARCHAR, itemid::VARCHAR, screen, price::VARCHAR, dt, hour FROM ${DATABASE}.app_events`,
    );

    // Assert
    expect(result.rows).toEqual([
      [
        '00000000-0000-4000-8000-000000000007',
        'u-7',
        '2026-11-23 09:15:02.123',
        '2026-11-23 09:15:03.456',
        '9007199254740991',
        '홈 피드 🏠',
        '7.50',
        '2026-11-23',
        '09',
      ],
    ]);
  });

  it('shows the rows of two flushes into the same hour (the view is refreshed)', async () => {
    // Arrange
    archive.add([record(envelope(1)), record(envelope(2))]);
    await archive.flush();
    archive.add([record(envelope(3), ARRIVAL + 60_000)]);

    // Act
    await archive.flush();
    const result = await queryLocalCatalog(
      paths.catalogFile,
      `SELECT count(*), count(DISTINCT event_id) FROM ${DATABASE}.app_events WHERE dt = '2026-11-23' AND hour = '09'`,
    );

    // Assert
    expect(filesUnder(partitionDir())).toHaveLength(2);
    // count(*) is BIGINT: exact text, as every BIGINT the query prints
    expect(result.rows).toEqual([['3', '3']]);
  });

  it('writes refused records with their reason and base64 data under errors/<stream>/processing-failed/', async () => {
    // Arrange: not JSON, and a price that does not fit decimal(12,2)
    const notJson = record('not json');
    const badPrice = record(envelope(2, { price: 'twelve' }));
    archive.add([record(envelope(1)), notJson, badPrice]);

    // Act
    const result = await archive.flush();

    // Assert
    expect(result).toEqual({ archived: 1, failed: 2 });
    const errorsDir = join(paths.buckets, LOCAL_EVENTS_BUCKET, 'errors', 'app-events', 'processing-failed');
    const files = filesUnder(errorsDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^dt=\d{4}-\d\d-\d\d\/[\w-]+\.jsonl$/);
    const lines = readFileSync(join(errorsDir, files[0] ?? ''), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        errorCode: 'Lambda.ProcessingFailed',
        errorMessage: expect.stringMatching(/^Record is not JSON/),
        sequenceNumber: notJson.SequenceNumber,
        partitionKey: 'u-1',
        approximateArrivalTimestamp: ARRIVAL,
        rawData: Buffer.from('not json').toString('base64'),
      },
      {
        errorCode: 'Lambda.ProcessingFailed',
        errorMessage: expect.stringMatching(/price/),
        sequenceNumber: badPrice.SequenceNumber,
        partitionKey: 'u-1',
        approximateArrivalTimestamp: ARRIVAL,
        rawData: Buffer.from(badPrice.Data ?? new Uint8Array()).toString('base64'),
      },
    ]);
  });

  it('writes and registers nothing when a flush has nothing buffered', async () => {
    // Act
    const result = await archive.flush();

    // Assert
    expect(result).toEqual({ archived: 0, failed: 0 });
    expect(filesUnder(join(paths.buckets, LOCAL_EVENTS_BUCKET))).toEqual([]);
    expect(await catalog.getTable(DATABASE, 'app_events')).toBeUndefined();
  });

  it('empties its buffer on flush, so a second flush writes nothing again', async () => {
    // Arrange
    archive.add([record(envelope(1))]);
    await archive.flush();

    // Act
    const again = await archive.flush();

    // Assert
    expect(again).toEqual({ archived: 0, failed: 0 });
    expect(filesUnder(partitionDir())).toHaveLength(1);
  });
});
