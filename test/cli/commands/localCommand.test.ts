import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datalake, type Outcome, REPO } from '../../helpers/runDatalake';

describe('datalake local --events on the demo, then query --local', () => {
  let lake: string;
  let local: Outcome;

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'cli-events-'));
    local = await datalake('local', '--lake-dir', lake, '--events', '200');
  }, 120_000);

  afterAll(() => rmSync(lake, { recursive: true, force: true }));

  it('runs the tables, then prints one line per stream with every event sent, relayed and archived', () => {
    // Assert
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/SUCCEEDED in \d+\.\d s/);
    // Each table's row-count check and freshness, the KPIs its commit publishes on AWS.
    expect(local.stdout).toMatch(/\ntable +│ rows │ row check │ freshness │/);
    expect(local.stdout).toMatch(/\nusers +│ +400 │ ok +│ \d+ s +│/);
    expect(local.stdout).toMatch(
      /\napp-events: 200 sent → 200 relayed to Kafka topic app\.events \(0 poison, 0 batches to the failure file\) → 200 rows in demo_events\.app_events \(0 refused\) in \d+\.\d s\n/,
    );
    expect(local.stdout).toContain(`npx datalake query --local --lake-dir ${lake} "SELECT event_name`);
  });

  it('leaves the archive table queryable with query --local', async () => {
    // Act
    const result = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'json',
      'SELECT event_name, count(*) AS n, count(DISTINCT partition_key) AS users FROM demo_events.app_events GROUP BY 1 ORDER BY 1',
    );

    // Assert
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      // count() is BIGINT: a string in --format json, whatever its value (the query --help rule)
      { event_name: 'item_purchased', n: '20', users: '10' },
      { event_name: 'item_viewed', n: '180', users: '90' },
    ]);
  });
});

describe('datalake local --events usage errors', () => {
  it('exits 2 on a count that is not a whole number of at least 1', async () => {
    // Act
    const result = await datalake('local', '--events', '0');

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `option '--events <n>' argument '0' is invalid. received "0"; allowed: a whole number of events, at least 1`,
    );
  });

  it('exits 2 before running anything when the config has no streams', async () => {
    // Arrange: the demo config without its streams
    const dir = mkdtempSync(join(tmpdir(), 'cli-events-config-'));
    const config = join(dir, 'no-streams.yaml');
    const demo = readFileSync(join(REPO, 'config/local-demo.yaml'), 'utf8');
    writeFileSync(config, demo.slice(0, demo.indexOf('\nstreams:')));

    // Act
    const result = await datalake(
      'local',
      '--config',
      config,
      '--lake-dir',
      join(dir, 'lake'),
      '--events',
      '5',
    );
    rmSync(dir, { recursive: true, force: true });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `error: --events sends into the config's streams, but ${config} has none; allowed: a config with streams (e.g. config/local-demo.yaml)`,
    );
    expect(result.stdout).toBe('');
  });
});
