import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { listAll } from '../../../lib/adapters/objectStore';
import { openDuckdb, withConnection } from '../../../lib/duckdb';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import type { TransformTaskDeps } from '../../../lib/tasks/transform/transformTask';
import { transformTask } from '../../../lib/tasks/transform/transformTask';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const RUN = '20261123T030005Z';
const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const PART_KEY = 'exports/service/exp-1/marketplace/marketplace.items/1/part-00000.parquet';
const plan = tablePlan(
  [
    plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
    plannedColumn(
      'email',
      { dataType: 'varchar' },
      { athenaType: 'string', duckdbType: 'VARCHAR' },
      { mask: { kind: 'hash' } },
    ),
  ],
  { runId: RUN, expectedRows: 2 },
);
const event = { plan, part: { bucket: 'raw', key: PART_KEY, index: 3 } };

let root: string;
let duckdb: DuckDBInstance;
let asked: string[];

function deps(): TransformTaskDeps {
  return {
    objectStore: new FileObjectStore(root),
    secrets: {
      getSecretString: async (id) => {
        asked.push(id);
        return 'salt';
      },
    },
    duckdb: Promise.resolve(duckdb),
    settings: {
      MASKING_SALT_SECRET_ARN: SALT_ARN,
      CURATED_BUCKET: 'lake-curated',
      POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
    },
    tempRoot: root,
  };
}

async function keys(bucket: string): Promise<string[]> {
  return (await listAll(new FileObjectStore(root), bucket, '')).map((object) => object.key).sort();
}

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
});

afterAll(() => duckdb.closeSync());

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'transform-task-'));
  asked = [];
  const part = join(root, 'raw', PART_KEY);
  mkdirSync(join(part, '..'), { recursive: true });
  await withConnection(duckdb, (connection) =>
    connection.run(
      `COPY (SELECT * FROM (VALUES (1, 'kim@example.com'), (2, NULL)) AS t(id, email)) TO '${part}' (FORMAT parquet)`,
    ),
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('transformTask', () => {
  it('curates the part into the curated bucket of its settings, salted by the secret its settings name', async () => {
    // Act
    const summary = await transformTask(event, deps());

    // Assert
    expect(summary).toEqual({ partIndex: 3, rows: 2, files: 1 });
    expect(asked).toEqual([SALT_ARN]);
    expect(await keys('lake-curated')).toEqual([
      `_manifests/service/items/run=${RUN}/part-00003.json`,
      `service/items/run=${RUN}/part-00003-000.parquet`,
    ]);
  });

  it('writes to its settings’ bucket even when the event names another', async () => {
    // Act
    await transformTask({ ...event, curatedBucket: 'elsewhere' }, deps());

    // Assert
    expect(await keys('elsewhere')).toEqual([]);
    expect(await keys('lake-curated')).toHaveLength(2);
  });

  it.each([
    ['a part without its index', { ...event, part: { bucket: 'raw', key: PART_KEY } }],
    ['a plan without its run id', { ...event, plan: { ...plan, runId: undefined } }],
  ])('refuses %s before reading anything', async (_case, bad) => {
    // Act / Assert
    await expect(transformTask(bad, deps())).rejects.toThrow();
    expect(asked).toEqual([]);
    expect(await keys('lake-curated')).toEqual([]);
  });
});
