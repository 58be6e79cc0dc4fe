import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ReplicaReader } from '../../../lib/adapters/database';
import type { ReplicaReaders } from '../../../lib/adapters/database/ReplicaReaders';
import { manifestKey } from '../../../lib/core/pipeline';
import { openDuckdb } from '../../../lib/duckdb';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import type { ExtractSettings } from '../../../lib/tasks/extract/extractSettingsSchema';
import { type ExtractDeps, extractTask } from '../../../lib/tasks/extract/extractTask';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const SETTINGS: ExtractSettings = {
  REPLICA_ENGINE: 'mysql',
  REPLICA_PORT: 3306,
  REPLICA_DATABASE: 'marketplace',
  REPLICA_CONNECT_TIMEOUT_SECONDS: 10,
  REPLICA_STATEMENT_TIMEOUT_SECONDS: 540,
  REPLICA_IDLE_TIMEOUT_SECONDS: 120,
  CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
  MASKING_SALT_SECRET_ARN: SALT_ARN,
  CURATED_BUCKET: 'lake-curated',
  POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
};
const PLAN = tablePlan(
  [
    plannedColumn(
      'id',
      { dataType: 'int', columnType: 'int(11)' },
      { athenaType: 'int', duckdbType: 'INTEGER' },
    ),
    plannedColumn(
      'email',
      { dataType: 'varchar', columnType: 'varchar(100)' },
      { athenaType: 'string', duckdbType: 'VARCHAR' },
      { mask: { kind: 'hash' } },
    ),
  ],
  { expectedRows: 2 },
);
const EVENT = { plan: PLAN, chunk: { index: 0, bounds: { kind: 'all' } }, host: 'r2.example' };

/** A replica that sends two rows of the plan's table as CSV. */
const twoRows: ReplicaReader = {
  engine: 'mysql',
  query: async () => [],
  columns: async () => [],
  primaryKey: async () => [],
  copyToCsv: async (_query, target) => {
    await new Promise<void>((resolve, reject) =>
      target.write('1,ana@example.com\n2,bo@example.com\n', (error) => (error ? reject(error) : resolve())),
    );
    target.end();
    return 2;
  },
  close: async () => undefined,
};

describe('extractTask', () => {
  let root: string;
  let duckdb: DuckDBInstance;
  const hosts: string[] = [];
  const secretIds: string[] = [];
  const replicas: ReplicaReaders = {
    withReader: (host, use) => {
      hosts.push(host);
      return use(twoRows);
    },
  };

  beforeAll(async () => {
    duckdb = await openDuckdb({ threads: 1 });
  });
  afterAll(() => duckdb.closeSync());
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'extract-task-'));
    hosts.length = 0;
    secretIds.length = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function deps(): ExtractDeps {
    return {
      replicas,
      objectStore: new FileObjectStore(join(root, 'lake')),
      duckdb: Promise.resolve(duckdb),
      secrets: {
        getSecretString: async (id) => {
          secretIds.push(id);
          return 'salt';
        },
      },
      settings: SETTINGS,
      tempRoot: root,
    };
  }

  it('reads the chunk from the host its event names into the function’s curated bucket, hashing with the salt secret', async () => {
    // Act
    const summary = await extractTask(EVENT, deps());

    // Assert
    expect(summary).toEqual({ chunk: 0, rows: 2, files: 1 });
    expect(hosts).toEqual(['r2.example']);
    expect(secretIds).toEqual([SALT_ARN]);
    const manifest = await new FileObjectStore(join(root, 'lake')).getJson(
      'lake-curated',
      manifestKey('service', 'items', PLAN.runId, 0),
    );
    expect(manifest).toMatchObject({ rows: 2 });
  });

  it('refuses an event without the host before reading a replica or a secret', async () => {
    // Act
    const attempt = extractTask({ plan: PLAN, chunk: EVENT.chunk }, deps());

    // Assert
    await expect(attempt).rejects.toThrow(/host/);
    expect([hosts, secretIds]).toEqual([[], []]);
  });

  it('refuses a plan the shared plan schema does not accept, naming the field', async () => {
    // Act
    const attempt = extractTask({ ...EVENT, plan: { ...PLAN, runId: 'yesterday' } }, deps());

    // Assert
    await expect(attempt).rejects.toThrow(/runId/);
    expect(hosts).toEqual([]);
  });
});
