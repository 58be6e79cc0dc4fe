/**
 * applyChangesTask on real parts: DMS files (written by the local capture's writer, in DMS's
 * format) in a filesystem object store under the function's CDC_PREFIX, DuckDB for the apply, the
 * salt from a secret reader; the summary is what the state machine's Choice and commit read.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { changePositionKey } from '../../../lib/core/cdc';
import { manifestKey } from '../../../lib/core/pipeline';
import { quoteLiteral } from '../../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../../lib/duckdb';
import { dmsFileKey } from '../../../lib/local/cdc/dmsFileKey';
import { writeDmsFile } from '../../../lib/local/cdc/writeDmsFile';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import { applyChangesSettingsSchema } from '../../../lib/tasks/applyChanges/applyChangesSettingsSchema';
import { type ApplyChangesDeps, applyChangesTask } from '../../../lib/tasks/applyChanges/applyChangesTask';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const SALT = 'apply-task-salt';
const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const SETTINGS = {
  RAW_BUCKET: 'raw',
  CDC_PREFIX: 'cdc/shop/',
  CURATED_BUCKET: 'curated',
  MASKING_SALT_SECRET_ARN: SALT_ARN,
};
const RUN_ID = '20261207T150000Z';
const text = { athenaType: 'string', duckdbType: 'VARCHAR' };
const hmac = (value: string) => createHmac('sha256', SALT).update(value, 'utf8').digest('hex');

/** `shop.items` in mode cdc, its email hashed. */
const plan = tablePlan(
  [
    plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
    plannedColumn('title', { dataType: 'varchar' }, text),
    plannedColumn('email', { dataType: 'varchar' }, text, { output: 'email_hash', mask: { kind: 'hash' } }),
  ],
  { source: 'shop', schema: 'shop', table: 'items', runId: RUN_ID, mode: 'cdc', primaryKey: ['id'] },
);

let root: string;
let duckdb: DuckDBInstance;
let objectStore: FileObjectStore;
const secretsRead: string[] = [];

function deps(): ApplyChangesDeps {
  return {
    objectStore,
    duckdb,
    secrets: {
      getSecretString: async (id) => {
        secretsRead.push(id);
        return SALT;
      },
    },
    settings: parseTaskSettings(applyChangesSettingsSchema, SETTINGS),
    tempRoot: root,
  };
}

/** A DMS full-load file of `table` with rows `[id, title, email]`. */
async function fullLoad(table: string, rows: readonly [string, string, string][]): Promise<string> {
  const key = dmsFileKey('shop', 'shop', table, { load: 1 });
  await writeDmsFile(
    {
      key,
      columns: [
        { name: 'id', duckdbType: 'INTEGER' },
        { name: 'title', duckdbType: 'VARCHAR' },
        { name: 'email', duckdbType: 'VARCHAR' },
      ],
      keyColumns: ['id'],
      kind: 'full-load',
      changes: rows.map(([id, title, email]) => ({
        op: 'I' as const,
        commitTime: '2026-12-07 14:59:00.000000',
        row: { id, title, email },
      })),
    },
    { duckdb, objectStore, bucket: 'raw', workDirectory: root },
  );
  return key;
}

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
});
afterAll(() => duckdb.closeSync());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'apply-task-'));
  objectStore = new FileObjectStore(join(root, 'buckets'));
  secretsRead.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('applyChangesTask', () => {
  it("applies the table's own DMS folder under CDC_PREFIX into the run, hashing with the secret's salt", async () => {
    // Arrange: the table's files, and another table's, which must not be read
    const key = await fullLoad('items', [
      ['1', 'lamp', 'a@example.com'],
      ['2', 'desk', 'b@example.com'],
    ]);
    await fullLoad('items_archive', [['9', 'old', 'z@example.com']]);

    // Act
    const summary = await applyChangesTask({ plan }, deps());

    // Assert
    expect(summary).toMatchObject({ applied: true, plan: { ...plan, expectedRows: 2 }, rows: 2, files: 1 });
    expect(secretsRead).toEqual([SALT_ARN]);
    // The position the run applied through (beside its manifests) is the last file's: the DMS key.
    const position = (await objectStore.getJson('curated', changePositionKey('shop', 'items', RUN_ID))) as {
      through: string;
    };
    expect(summary).toHaveProperty('position', position.through);
    expect(position.through.endsWith(key)).toBe(true);
    const manifest = (await objectStore.getJson('curated', manifestKey('shop', 'items', RUN_ID, 0))) as {
      files: { key: string }[];
    };
    const rows = await withConnection(duckdb, (connection) =>
      queryRows(
        connection,
        `SELECT id, title, email_hash FROM read_parquet(${quoteLiteral(join(root, 'buckets', 'curated', manifest.files[0]?.key ?? ''))}) ORDER BY id`,
      ),
    );
    expect(rows).toEqual([
      { id: 1, title: 'lamp', email_hash: hmac('a@example.com') },
      { id: 2, title: 'desk', email_hash: hmac('b@example.com') },
    ]);
  });

  it('says nothing is new when the table has no change file, writing nothing', async () => {
    // Act
    const summary = await applyChangesTask({ plan }, deps());

    // Assert
    expect(summary).toEqual({ applied: false });
    expect(
      await objectStore.getJson('curated', changePositionKey('shop', 'items', RUN_ID)).catch(() => 'none'),
    ).toBe('none');
  });

  it.each([
    ['a plan not in mode cdc', { plan: { ...plan, mode: 'replica-query' } }],
    ['a plan without its primary key', { plan: { ...plan, primaryKey: undefined } }],
    ['a base run id that is not a run id', { plan, baseRunId: 'yesterday' }],
    ['an unknown field', { plan, bucket: 'elsewhere' }],
  ])('refuses %s before reading anything', async (_case, event) => {
    // Act / Assert
    await expect(applyChangesTask(event, deps())).rejects.toThrow();
    expect(secretsRead).toEqual([]);
  });

  it('refuses a CDC_PREFIX without its trailing slash, naming the variable', () => {
    // Act / Assert
    expect(() =>
      parseTaskSettings(applyChangesSettingsSchema, { ...SETTINGS, CDC_PREFIX: 'cdc/shop' }),
    ).toThrow(/CDC_PREFIX is "cdc\/shop"; allowed: a prefix ending in "\/"/);
  });
});
