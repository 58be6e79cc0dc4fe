/**
 * `datalake local --source mysql://…|postgres://…` for replica-query and incremental tables: runLocal
 * runs them through the source's replica state machine against the real test servers, and a second
 * run reads on from the committed watermark.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { localLakePaths } from '../../lib/local/localCatalogPaths';
import { runLocal } from '../../lib/local/runLocal';
import { readRunLog } from '../../lib/local/runLog';
import { marketplaceSource } from '../helpers/configFactory';
import { loadFixture, mariadbQuery, mariadbUrl, postgresQuery, postgresUrl } from '../helpers/databases';

const CONFIG = parseConfig({
  name: 'local-replica',
  pools: [{ name: 'small', maxConcurrency: 2 }],
  sources: [
    marketplaceSource({
      includeTables: 'listed',
      tables: [
        { name: 'items', mode: 'replica-query', pool: 'small' },
        {
          name: 'orders',
          mode: 'incremental',
          watermarkColumn: 'id',
          pool: 'small',
          columns: { legacy_amount: { cast: 'string' } },
        },
        { name: 'chat_messages', pool: 'small' },
      ],
    }),
    {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
      primary: { instanceIdentifier: 'payments-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [{ name: 'refunds', pool: 'small' }],
    },
  ],
});

/** Source service with chat_messages.message_type ('text', 'image', …) cast to integer: its snapshot transform fails. */
const FAILING_SNAPSHOT = parseConfig({
  name: 'local-replica',
  pools: [{ name: 'small', maxConcurrency: 2 }],
  sources: [
    marketplaceSource({
      includeTables: 'listed',
      tables: [
        { name: 'items', mode: 'replica-query', pool: 'small' },
        { name: 'chat_messages', pool: 'small', columns: { message_type: { cast: 'integer' } } },
      ],
    }),
  ],
});

const rowsOf = (run: Awaited<ReturnType<typeof runLocal>>) =>
  Object.fromEntries(run.tables.map((table) => [table.table, [table.status, table.rows]]));

describe('runLocal with replica tables', () => {
  let lakeDir: string;
  beforeEach(async () => {
    await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
    lakeDir = mkdtempSync(join(tmpdir(), 'local-replica-'));
  });
  afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));
  afterAll(() => Promise.all([loadFixture('mysql'), loadFixture('postgres')]));

  it('runs a MariaDB source’s snapshot and replica tables, logging both pipelines, then only the new orders on the next run', async () => {
    // Arrange
    const [items] = await mariadbQuery('SELECT COUNT(*) AS n FROM items');
    const [orders] = await mariadbQuery('SELECT COUNT(*) AS n FROM orders');
    const [messages] = await mariadbQuery('SELECT COUNT(*) AS n FROM chat_messages');

    // The run log as it stood when the replica pipeline started on items: a run killed then shows the snapshot.
    let duringReplica: unknown;
    const onProgress = ({ table, status }: { table: string; status: string }) => {
      if (table === 'items' && status === 'running' && duringReplica === undefined) {
        duringReplica = JSON.parse(readFileSync(localLakePaths(lakeDir).runLog, 'utf8')).runs.at(-1);
      }
    };

    // Act
    const first = await runLocal({
      config: CONFIG,
      lakeDir,
      sourceUrl: mariadbUrl(),
      sourceName: 'service',
      onProgress,
    });
    await mariadbQuery(
      "INSERT INTO orders (id, order_no, item_id, buyer_id, status, unit_price, total_krw, ordered_at) VALUES (21, 'ORD-2037-00021', 1, 3, 'paid', 15000.00, 15000, '2037-01-16 00:00:00')",
    );
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new run id (seconds)
    const second = await runLocal({
      config: CONFIG,
      lakeDir,
      sourceUrl: mariadbUrl(),
      sourceName: 'service',
    });

    // Assert
    expect(first.status).toBe('SUCCEEDED');
    const logged = (await readRunLog(localLakePaths(lakeDir).runLog)).find(
      (run) => run.runId === first.runId,
    );
    expect(logged?.pipelines).toEqual([
      {
        pipeline: 'snapshot',
        status: 'SUCCEEDED',
        startedAt: expect.any(String),
        endedAt: expect.any(String),
      },
      {
        pipeline: 'replica',
        status: 'SUCCEEDED',
        startedAt: expect.any(String),
        endedAt: expect.any(String),
      },
    ]);
    expect(duringReplica).toMatchObject({
      status: 'RUNNING',
      pipelines: [{ pipeline: 'snapshot', status: 'SUCCEEDED' }],
    });
    const [snapshot, replica] = logged?.pipelines ?? [];
    expect(snapshot && replica && snapshot.endedAt <= replica.startedAt).toBe(true);
    expect(rowsOf(first)).toEqual({
      chat_messages: ['done', Number(messages?.n)],
      items: ['done', Number(items?.n)],
      orders: ['done', Number(orders?.n)],
    });
    expect(rowsOf(second)).toEqual({
      chat_messages: ['done', Number(messages?.n)],
      items: ['done', Number(items?.n)],
      orders: ['done', 1],
    });
  });

  it('logs the snapshot pipeline FAILED with its error and still runs the replica pipeline, whose table is committed', async () => {
    // Act
    const failed = runLocal({
      config: FAILING_SNAPSHOT,
      lakeDir,
      sourceUrl: mariadbUrl(),
      sourceName: 'service',
    });

    // Assert
    await expect(failed).rejects.toThrow(/chat_messages/);
    const [logged] = await readRunLog(localLakePaths(lakeDir).runLog);
    expect(logged?.status).toBe('FAILED');
    expect(logged?.pipelines).toEqual([
      {
        pipeline: 'snapshot',
        status: 'FAILED',
        startedAt: expect.any(String),
        endedAt: expect.any(String),
        error: logged?.error,
      },
      {
        pipeline: 'replica',
        status: 'SUCCEEDED',
        startedAt: expect.any(String),
        endedAt: expect.any(String),
      },
    ]);
    expect(logged?.error).toMatch(/chat_messages/);
    // One failure semantic: a failed table (here of the other pipeline) never blocks another.
    expect(logged?.tables.map((table) => [table.table, table.status])).toEqual(
      expect.arrayContaining([
        ['chat_messages', 'failed'],
        ['items', 'done'],
      ]),
    );
  });

  it('runs a PostgreSQL source’s replica-query table from a postgres:// URL', async () => {
    // Arrange
    const [refunds] = await postgresQuery('SELECT COUNT(*) AS n FROM refunds');

    // Act
    const run = await runLocal({ config: CONFIG, lakeDir, sourceUrl: postgresUrl(), sourceName: 'payments' });

    // Assert
    expect(run.status).toBe('SUCCEEDED');
    expect(rowsOf(run)).toEqual({ refunds: ['done', Number(refunds?.n)] });
    expect(run.database).toBe('local_replica_payments');
  });
});
