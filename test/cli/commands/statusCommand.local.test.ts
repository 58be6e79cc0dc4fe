import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusCommand } from '../../../lib/cli/commands/statusCommand';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { localLakePaths } from '../../../lib/local/localCatalogPaths';
import { type LoggedRun, putRunLogEntry } from '../../../lib/local/runLog';

const CONFIG = `name: shop
sources:
  - name: main
    engine: postgres
    database: shop
    primary: { instanceIdentifier: shop-db }
    credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:r-AbCdEf
    freshnessSlo: 3d
    includeTables: all
    tables:
      - name: users
        freshnessSlo: 2h
      - name: orders
        mode: replica-query
`;

/**
 * A run of source main that committed `tables`, and failed on `failed`: its snapshot pipeline
 * failed then, and its replica pipeline was not reached; else both succeeded.
 */
function run(runId: string, startedAt: string, tables: string[], failed?: string): LoggedRun {
  const entry = (table: string, status: 'done' | 'failed') => ({
    table,
    status,
    rows: status === 'done' ? 10 : 0,
    bytes: 1,
    dropped: [],
    masked: [],
    seconds: 1,
    ...(status === 'failed' ? { error: 'row count 9 != 10' } : {}),
  });
  return {
    source: 'main',
    runId,
    status: failed === undefined ? 'SUCCEEDED' : 'FAILED',
    startedAt,
    endedAt: startedAt,
    tables: [
      ...tables.map((table) => entry(table, 'done')),
      ...(failed === undefined ? [] : [entry(failed, 'failed')]),
    ],
    pipelines:
      failed === undefined
        ? [
            { pipeline: 'snapshot', status: 'SUCCEEDED', startedAt, endedAt: startedAt },
            { pipeline: 'replica', status: 'SUCCEEDED', startedAt, endedAt: startedAt },
          ]
        : [
            {
              pipeline: 'snapshot',
              status: 'FAILED',
              startedAt,
              endedAt: startedAt,
              error: `${failed}: row count 9 != 10`,
            },
          ],
    ...(failed === undefined ? {} : { error: `${failed}: row count 9 != 10` }),
  };
}

let dir: string;
let configFile: string;

beforeAll(async () => {
  // Arrange: a local lake whose catalog has users (committed at 03:00) and events (from an
  // unlisted table, committed a day earlier); the newest run failed on events, in its snapshot
  // pipeline, before its replica pipeline (orders) ran.
  dir = mkdtempSync(join(tmpdir(), 'status-local-'));
  configFile = join(dir, 'lake.yaml');
  writeFileSync(configFile, CONFIG);
  const paths = localLakePaths(join(dir, 'lake'));
  mkdirSync(paths.root);
  const catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
  try {
    const view = (name: string, runId: string) => ({
      name,
      database: 'shop_main',
      sql: 'SELECT 1 AS id',
      columns: [{ name: 'id', type: 'int' }],
      parameters: { datalake_run_id: runId },
    });
    await catalog.upsertView('shop_main', view('events', '20261206T030000Z'));
    await catalog.upsertView('shop_main', view('users', '20261207T030000Z'));
    await catalog.upsertView('shop_main', { ...view('users_latest', '20261207T030000Z'), parameters: {} });
  } finally {
    catalog.close();
  }
  await putRunLogEntry(
    paths.runLog,
    run('20261206T030000Z', '2026-12-06T03:00:00.000Z', ['events', 'users']),
  );
  await putRunLogEntry(
    paths.runLog,
    run('20261207T030000Z', '2026-12-07T03:00:00.000Z', ['users'], 'events'),
  );
});

afterAll(() => {
  jest.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('statusCommand --local', () => {
  it('shows both pipelines of the source: the snapshot failed in the newest run, the replica succeeded in the one before', async () => {
    // Arrange
    jest.useFakeTimers({ now: new Date('2026-12-07T06:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const out: string[] = [];

    // Act
    await statusCommand(
      { local: true, lakeDir: join(dir, 'lake'), config: configFile, json: true },
      { out: (text) => out.push(text), err: () => undefined },
    );

    // Assert
    expect(JSON.parse(out.join('\n')).pipelines).toEqual([
      {
        source: 'main',
        pipeline: 'snapshot',
        stateMachine: 'shop-main-snapshot',
        deployed: true,
        lastRun: {
          name: '20261207T030000Z',
          status: 'FAILED',
          startedAt: '2026-12-07T03:00:00.000Z',
          stoppedAt: '2026-12-07T03:00:00.000Z',
          error: 'events: row count 9 != 10',
        },
        lastSuccess: { name: '20261206T030000Z', stoppedAt: '2026-12-06T03:00:00.000Z' },
      },
      {
        source: 'main',
        pipeline: 'replica',
        stateMachine: 'shop-main-replica',
        deployed: true,
        lastRun: {
          name: '20261206T030000Z',
          status: 'SUCCEEDED',
          startedAt: '2026-12-06T03:00:00.000Z',
          stoppedAt: '2026-12-06T03:00:00.000Z',
        },
        lastSuccess: { name: '20261206T030000Z', stoppedAt: '2026-12-06T03:00:00.000Z' },
      },
    ]);
  });

  it('shows each table’s freshness from the local catalog against its SLO, and the failed table’s error', async () => {
    // Arrange
    jest.useFakeTimers({ now: new Date('2026-12-07T06:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const out: string[] = [];

    // Act
    await statusCommand(
      { local: true, lakeDir: join(dir, 'lake'), config: configFile, json: true },
      { out: (text) => out.push(text), err: () => undefined },
    );

    // Assert
    const report = JSON.parse(out.join('\n'));
    expect(report.tables).toEqual([
      {
        source: 'main',
        table: 'events',
        runId: '20261206T030000Z',
        asOf: '2026-12-06T03:00:00.000Z',
        ageSeconds: 27 * 3600,
        sloSeconds: 3 * 86400,
        withinSlo: true,
      },
      {
        source: 'main',
        table: 'users',
        runId: '20261207T030000Z',
        asOf: '2026-12-07T03:00:00.000Z',
        ageSeconds: 3 * 3600,
        sloSeconds: 2 * 3600,
        withinSlo: false,
      },
    ]);
    expect(report.runs).toContainEqual(
      expect.objectContaining({
        table: 'events',
        status: 'failed: row count 9 != 10',
        'last success': '20261206T030000Z',
      }),
    );
  });

  it('prints the pipelines, the runs and the freshness as tables', async () => {
    // Arrange
    jest.useFakeTimers({ now: new Date('2026-12-07T06:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const out: string[] = [];

    // Act
    await statusCommand(
      { local: true, lakeDir: join(dir, 'lake'), config: configFile },
      { out: (text) => out.push(text), err: () => undefined },
    );

    // Assert: the pipelines first, then the runs and the freshness
    const text = out.join('\n');
    expect(text).toMatch(
      /main +│ snapshot +│ shop-main-snapshot +│ 20261207T030000Z +│ FAILED +│ 2026-12-07T03:00:00.000Z +│ 2026-12-06T03:00:00.000Z +│ events: row count 9 != 10/,
    );
    expect(text).toMatch(
      /main +│ replica +│ shop-main-replica +│ 20261206T030000Z +│ SUCCEEDED +│ 2026-12-06T03:00:00.000Z +│ 2026-12-06T03:00:00.000Z +│/,
    );
    expect(text.indexOf('shop-main-replica')).toBeLessThan(text.indexOf('failed: row count 9 != 10'));
    expect(text).toMatch(/main +│ events +│ 20261207T030000Z │ failed: row count 9 != 10/);
    expect(text).toMatch(
      /main +│ users +│ 20261207T030000Z +│ 2026-12-07T03:00:00.000Z │ 3 h +│ 2 h +│ NO: stale/,
    );
  });
});
