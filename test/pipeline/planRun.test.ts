/**
 * planRun over a simulated export of the real MariaDB fixture, read through the filesystem
 * ObjectStore: tables per pool in priority order, with their part files and exported row counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceConfig } from '../../lib/config';
import { TableExportError } from '../../lib/core/errors';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { type SimulatedExport, simulateExport } from '../../lib/local/simulatedExport';
import { footerRowCounter } from '../../lib/pipeline/footerRowCounter';
import { type PlanRunAdapters, planRun } from '../../lib/pipeline/planRun';
import { parsedConfig, validSource } from '../helpers/configFactory';
import { loadFixture, mariadbQuery, mariadbUrl } from '../helpers/databases';

const RUN_ID = '20261123T030005Z';
const TABLES = ['users', 'items', 'orders', 'chat_messages'];

let root: string;
let exported: SimulatedExport;
let adapters: PlanRunAdapters;

const source: SourceConfig = (() => {
  const config = parsedConfig({
    pools: [
      { name: 'small', maxConcurrency: 2 },
      { name: 'large', maxConcurrency: 4 },
    ],
    sources: [
      validSource({
        database: 'marketplace',
        includeTables: 'listed',
        tables: [
          { name: 'users', pool: 'small', columns: { email: { mask: 'hash' }, password_hash: 'drop' } },
          {
            name: 'items',
            pool: 'small',
            priority: 5,
            partitionBy: [{ column: 'created_at', granularity: 'month' }],
          },
          {
            name: 'orders',
            pool: 'large',
            priority: 100,
            columns: { legacy_amount: { cast: 'decimal(38,2)' } },
          },
          { name: 'chat_messages', pool: 'small', priority: 5, columns: { body: 'drop' } },
        ],
      }),
    ],
  });
  const [first] = config.sources;
  if (!first) throw new Error('no source');
  return first;
})();

beforeAll(async () => {
  await loadFixture('mysql');
  root = mkdtempSync(join(tmpdir(), 'plan-run-'));
  exported = await simulateExport({
    engine: 'mysql',
    connection: mariadbUrl(),
    database: 'marketplace',
    tables: TABLES.map((table) => ({ schema: 'marketplace', table })),
    exportId: 'service-exp',
    outDir: join(root, 'raw'),
    prefix: 'exports',
    rowsPerPart: 8,
  });
  const objectStore = new FileObjectStore(root);
  adapters = {
    objectStore,
    knownColumns: async () => undefined,
    countRows: footerRowCounter(objectStore),
  };
}, 120_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const location = { bucket: 'raw', prefix: 'exports', exportId: 'service-exp' };

describe('planRun', () => {
  it('groups the tables by pool, highest priority first, then by name', async () => {
    // Act
    const plan = await planRun(source, RUN_ID, location, adapters);

    // Assert
    expect(
      Object.fromEntries(
        Object.entries(plan.pools).map(([pool, works]) => [pool, works.map((w) => w.table.table)]),
      ),
    ).toEqual({ small: ['chat_messages', 'items', 'users'], large: ['orders'] });
  });

  it('names the run, source and export', async () => {
    // Act
    const { runId, source: name, exportId } = await planRun(source, RUN_ID, location, adapters);

    // Assert
    expect({ runId, name, exportId }).toEqual({ runId: RUN_ID, name: 'service', exportId: 'service-exp' });
  });

  it('lists each table part files under its export prefix', async () => {
    // Act
    const plan = await planRun(source, RUN_ID, location, adapters);
    const users = plan.pools.small?.find((work) => work.table.table === 'users');

    // Assert
    expect(users?.parts).toEqual({
      bucket: 'raw',
      prefix: 'exports/service-exp/marketplace/marketplace.users/',
      count: 3,
      keys: [...(exported.tables.find((table) => table.table === 'users')?.parts ?? [])].sort(),
      listKey: `exports/service-exp/_datalake/${RUN_ID}/marketplace.users.json`,
    });
  });

  it('writes each table part list for the Distributed Map: part files only, indexed from 0', async () => {
    // Arrange
    const store = adapters.objectStore;
    const folder = 'exports/service-exp/marketplace/marketplace.chat_messages/';
    const listed = [];
    for await (const object of store.list('raw', folder)) listed.push(object.key);

    // Act
    const plan = await planRun(source, RUN_ID, location, adapters);
    const chat = plan.pools.small?.find((work) => work.table.table === 'chat_messages');
    const list = await store.getJson('raw', chat?.parts.listKey ?? '');

    // Assert: the folder also holds the export's _SUCCESS marker, which is no part
    expect(listed).toContain(`${folder}1/_SUCCESS`);
    expect(list).toEqual(
      [...(exported.tables.find((table) => table.table === 'chat_messages')?.parts ?? [])]
        .sort()
        .map((key, index) => ({ key, index })),
    );
    expect(chat?.parts.count).toBe(4);
  });

  it('expects the rows the source holds, counted from the exported parts', async () => {
    // Arrange
    const counts = await Promise.all(
      TABLES.map(async (table) => Number((await mariadbQuery(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n)),
    );

    // Act
    const plan = await planRun(source, RUN_ID, location, adapters);
    const expected = Object.values(plan.pools)
      .flat()
      .map((work) => [work.table.table, work.table.expectedRows]);

    // Assert
    expect(Object.fromEntries(expected)).toEqual(
      Object.fromEntries(TABLES.map((table, i) => [table, counts[i]])),
    );
  });

  it('plans each table from the export column list and the config rules', async () => {
    // Act
    const plan = await planRun(source, RUN_ID, location, adapters);
    const users = plan.pools.small?.find((work) => work.table.table === 'users')?.table;

    // Assert
    expect([
      users?.dropped,
      users?.columns.find((c) => c.source === 'email')?.mask,
      users?.columns[0]?.athenaType,
    ]).toEqual([['password_hash'], { kind: 'hash' }, 'decimal(20,0)']);
  });

  it('excludes columns the catalog has not seen', async () => {
    // Arrange
    const known = {
      ...adapters,
      knownColumns: async (table: string) => (table === 'users' ? ['id', 'email'] : undefined),
    };

    // Act
    const plan = await planRun(source, RUN_ID, location, known);
    const users = plan.pools.small?.find((work) => work.table.table === 'users')?.table;

    // Assert
    expect(users?.columns.map((column) => column.source)).toEqual(['id', 'email']);
  });

  it('fails naming every table the export failed or left out', async () => {
    // Arrange
    await simulateExport({
      engine: 'mysql',
      connection: mariadbUrl(),
      database: 'marketplace',
      tables: TABLES.map((table) => ({ schema: 'marketplace', table })),
      exportId: 'service-failed',
      outDir: join(root, 'raw'),
      prefix: 'exports',
      fail: {
        orders: { kind: 'status', status: 'FAILED', warningMessage: 'row larger than 2 GB' },
        chat_messages: { kind: 'omit' },
      },
    });

    // Act
    const run = planRun(source, RUN_ID, { ...location, exportId: 'service-failed' }, adapters);

    // Assert
    await expect(run).rejects.toThrow(TableExportError);
    await expect(run).rejects.toThrow(
      /marketplace\.orders: FAILED: row larger than 2 GB\n\s+marketplace\.chat_messages: MISSING/,
    );
  });
});
