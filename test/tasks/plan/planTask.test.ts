/**
 * planTask over a simulated export of the real MariaDB fixture, read through the filesystem
 * ObjectStore and the DuckDB catalog: where the export and the catalog are comes from the
 * task's settings, which source to plan from its event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import { simulateExport } from '../../../lib/local/simulatedExport';
import { type PlanDeps, planTask } from '../../../lib/tasks/plan/planTask';
import { parsedConfig, validSource } from '../../helpers/configFactory';
import { loadFixture, mariadbUrl } from '../../helpers/databases';

const RUN_ID = '20261123T030005Z';
const EXPORT_ID = 'service-exp';
/** Not the name the config would give (`testlake_service`): the catalog's database is a setting. */
const DATABASE = 'lake_from_settings';

/** The config subset the state machine embeds in the plan state, as JSON. */
const CONFIG = (() => {
  const { name, pools, sources } = parsedConfig({
    sources: [
      validSource({
        database: 'marketplace',
        includeTables: 'listed',
        tables: [
          { name: 'users', columns: { email: { mask: 'hash' }, password_hash: 'drop' } },
          { name: 'items' },
        ],
      }),
    ],
  });
  return JSON.parse(JSON.stringify({ name, pools, sources })) as unknown;
})();
const EVENT = { config: CONFIG, source: 'service', runId: RUN_ID, exportId: EXPORT_ID };

let root: string;
let catalog: DuckdbCatalog;

function deps(settings: Partial<PlanDeps['settings']> = {}): PlanDeps {
  return {
    objectStore: new FileObjectStore(root),
    catalog,
    settings: { RAW_BUCKET: 'raw', EXPORT_PREFIX: 'exports/service/', GLUE_DATABASE: DATABASE, ...settings },
  };
}

beforeAll(async () => {
  await loadFixture('mysql');
  root = mkdtempSync(join(tmpdir(), 'plan-task-'));
  await simulateExport({
    engine: 'mysql',
    connection: mariadbUrl(),
    database: 'marketplace',
    tables: ['users', 'items'].map((table) => ({ schema: 'marketplace', table })),
    exportId: EXPORT_ID,
    outDir: join(root, 'raw'),
    prefix: 'exports/service',
    bucket: 'raw',
  });
  catalog = await DuckdbCatalog.open({ file: join(root, 'catalog.duckdb'), bucketsRoot: root });
}, 120_000);

afterAll(() => {
  catalog.close();
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => jest.restoreAllMocks());

describe('planTask', () => {
  it('plans the event’s source from the export under its settings’ bucket and prefix', async () => {
    // Act
    const plan = await planTask(EVENT, deps());

    // Assert
    expect({ runId: plan.runId, source: plan.source, exportId: plan.exportId }).toEqual({
      runId: RUN_ID,
      source: 'service',
      exportId: EXPORT_ID,
    });
    const works = Object.values(plan.pools).flat();
    expect(works.map((work) => work.table.table).sort()).toEqual(['items', 'users']);
    for (const work of works) {
      expect(work.parts.bucket).toBe('raw');
      expect(work.parts.prefix).toMatch(/^exports\/service\/service-exp\//);
    }
    expect(works.find((work) => work.table.table === 'users')?.table.dropped).toEqual(['password_hash']);
  });

  it.each([
    ['given in UTC', '2026-11-22T04:12:41Z'],
    ['given with an offset', '2026-11-22T06:12:41.000+02:00'],
  ])('gives every table plan the event’s snapshot time (%s) in UTC', async (_case, snapshotTime) => {
    // Act
    const plan = await planTask({ ...EVENT, snapshotTime }, deps());

    // Assert
    const works = Object.values(plan.pools).flat();
    expect(works.map((work) => [work.table.table, work.table.snapshotTime]).sort()).toEqual([
      ['items', '2026-11-22T04:12:41.000Z'],
      ['users', '2026-11-22T04:12:41.000Z'],
    ]);
  });

  it('plans without a snapshot time when the event has none (an execution started before it was passed)', async () => {
    // Act
    const plan = await planTask(EVENT, deps());

    // Assert
    for (const work of Object.values(plan.pools).flat())
      expect(work.table).not.toHaveProperty('snapshotTime');
  });

  it('reads the tables’ known columns from the Glue database of its settings', async () => {
    // Arrange
    const getTable = jest.spyOn(catalog, 'getTable');

    // Act
    await planTask(EVENT, deps());

    // Assert
    expect(getTable.mock.calls.map(([database, table]) => `${database}.${table}`).sort()).toEqual([
      `${DATABASE}.items`,
      `${DATABASE}.users`,
    ]);
  });

  it('looks for the export under its settings’ prefix only', async () => {
    // Act / Assert
    await expect(planTask(EVENT, deps({ EXPORT_PREFIX: 'exports/billing/' }))).rejects.toThrow(
      'key "exports/billing/service-exp/export_info_service-exp.json"',
    );
  });

  it('refuses a source the event’s config does not have, naming the ones it has', async () => {
    // Act / Assert
    await expect(planTask({ ...EVENT, source: 'billing' }, deps())).rejects.toThrow(
      'Unknown source "billing" in the plan task input; allowed: "service"',
    );
  });

  it.each([
    ['without an export id', { ...EVENT, exportId: undefined }, /exportId/],
    ['with a run id not of the form 20261123T030005Z', { ...EVENT, runId: '2026-11-23' }, /runId/],
    [
      'with a snapshot time not in ISO 8601',
      { ...EVENT, snapshotTime: 'Nov 22, 2026 4:12:41 AM' },
      /snapshotTime/,
    ],
  ])('refuses an event %s', async (_case, event, message) => {
    // Act / Assert
    await expect(planTask(event, deps())).rejects.toThrow(message);
  });
});
