/**
 * Replica extraction demo (`npm run demo:replica`): loads the marketplace fixtures into the
 * MariaDB and PostgreSQL test servers, then runs a full load and two incremental loads (with an
 * UPDATE and INSERTs in between) into a local lake directory: planExtract, checkReplicaLag, chunks
 * through a pool-sized limiter into a FileObjectStore, commitTable on the local DuckDB catalog
 * (which records each incremental run's watermark with the run; the next run reads after it). Prints per table and run: source rows, lake rows, whether
 * the keys match, and the most concurrent sessions seen on the server against the pool size.
 *
 * Needs the test servers: `bash scripts/services/databases.sh start`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { parseConfig, type SourceConfig } from '../../lib/config';
import { catalogNames, committedWatermark } from '../../lib/core/commit';
import { mapConcurrently } from '../../lib/core/extract';
import { runIdAt } from '../../lib/core/pipeline';
import { quoteIdentifier, quoteLiteral } from '../../lib/core/transform';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { checkReplicaLag } from '../../lib/pipeline/checkReplicaLag';
import { commitTable } from '../../lib/pipeline/commitTable';
import { extractChunk } from '../../lib/pipeline/extractChunk';
import { planExtract } from '../../lib/pipeline/planExtract';
import {
  loadFixture,
  mariadbQuery,
  postgresQuery,
  replicaSessions,
  testReplicaEndpoint,
} from '../../test/helpers/databases';

const POOL_SIZE = 2;
/** Rows per chunk, below the config's minimum (1000) on purpose so the small fixture tables fan out over the pool. */
const DEMO_CHUNK_SIZE = 4;
const APPLICATION_NAME = 'datalake-demo-replica';
/** Run starts in 2037 (MySQL TIMESTAMP ends in 2038) and no safety lag, so the demo's changes fall in the windows. */
const RUN_STARTS = [
  new Date('2037-01-01T00:00:00Z'),
  new Date('2037-02-01T00:00:00Z'),
  new Date('2037-03-01T00:00:00Z'),
];

const CONFIG = parseConfig({
  name: 'demo-replica',
  pools: [{ name: 'small', maxConcurrency: POOL_SIZE }],
  sources: [
    {
      name: 'service',
      engine: 'mysql',
      database: 'marketplace',
      primary: { instanceIdentifier: 'service-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-AbCdEf',
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [
        {
          name: 'users',
          pool: 'small',
          mode: 'incremental',
          watermarkColumn: 'updated_at',
          columns: { email: { mask: 'hash' }, phone: { mask: 'redact' }, password_hash: 'drop' },
        },
        { name: 'items', pool: 'small' },
        {
          name: 'orders',
          pool: 'small',
          mode: 'incremental',
          watermarkColumn: 'id',
          columns: { legacy_amount: { cast: 'string' }, shipping_phone: { mask: 'hash' } },
        },
        { name: 'chat_messages', pool: 'small' },
      ],
    },
    {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
      primary: { instanceIdentifier: 'payments-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [
        {
          name: 'payments',
          pool: 'small',
          mode: 'incremental',
          watermarkColumn: 'id',
          columns: { fee: { cast: 'string' }, billing_email: { mask: 'hash' } },
        },
        { name: 'refunds', pool: 'small' },
      ],
    },
  ],
});

function readerOf(source: SourceConfig): ReplicaReader {
  return openReplicaReader(
    testReplicaEndpoint(source.engine, {
      database: source.database,
      poolSize: POOL_SIZE,
      applicationName: APPLICATION_NAME,
    }),
  );
}

/** Source primary keys the lake should hold for the table after a run. */
async function sourceKeys(
  source: SourceConfig,
  table: string,
  watermark?: { column: string; through: string },
): Promise<string[]> {
  const q = source.engine === 'mysql' ? (name: string) => `\`${name}\`` : quoteIdentifier;
  const where =
    watermark === undefined ? '' : ` WHERE ${q(watermark.column)} <= ${quoteLiteral(watermark.through)}`;
  const sql = `SELECT CAST(id AS ${source.engine === 'mysql' ? 'CHAR' : 'TEXT'}) AS id FROM ${q(table)}${where}`;
  const rows = source.engine === 'mysql' ? await mariadbQuery(sql) : await postgresQuery(sql);
  return rows.map((row) => String(row.id)).sort();
}

async function changeSources(run: number): Promise<void> {
  if (run === 1) {
    await mariadbQuery(
      "UPDATE users SET nickname = '새 닉네임 ✨', updated_at = '2037-01-15 00:00:00' WHERE id = 1",
    );
    await mariadbQuery(
      "INSERT INTO users (id, email, name, created_at, updated_at) VALUES (1000, 'new.user@example.com', '신규 회원', '2037-01-16 00:00:00', '2037-01-16 00:00:00')",
    );
    await mariadbQuery(
      "INSERT INTO orders (id, order_no, item_id, buyer_id, status, unit_price, total_krw, ordered_at) VALUES (21, 'ORD-2037-00021', 1, 3, 'paid', 15000.00, 15000, '2037-01-16 00:00:00')",
    );
    await postgresQuery(
      "INSERT INTO payments (id, payment_uuid, order_id, user_id, status, method, amount, created_at) VALUES (1000, '0b3e1c52-3f4a-4c1e-9a57-2f1d7f6a1000', 1000, 1, 'captured', 'card', 1234.50, '2037-01-16 00:00:00')",
    );
    await postgresQuery("UPDATE refunds SET reason = '변경된 사유' WHERE id = 5");
  } else if (run === 2) {
    await mariadbQuery(
      "UPDATE users SET status = 'banned', updated_at = '2037-02-10 00:00:00' WHERE id = 1000",
    );
    await mariadbQuery(
      "INSERT INTO orders (id, order_no, item_id, buyer_id, status, unit_price, total_krw, ordered_at) VALUES (22, 'ORD-2037-00022', 4, 1, 'created', 99.99, 100, '2037-02-10 00:00:00')",
    );
    await postgresQuery(
      "INSERT INTO payments (id, payment_uuid, order_id, user_id, status, method, amount, created_at) VALUES (1001, '0b3e1c52-3f4a-4c1e-9a57-2f1d7f6a1001', 1001, 2, 'authorized', 'bank', 99.99, '2037-02-10 00:00:00')",
    );
  }
}

async function main(): Promise<void> {
  await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
  const root = mkdtempSync(join(tmpdir(), 'demo-replica-'));
  const lake = join(root, 'lake');
  const store = new FileObjectStore(lake);
  const catalog = await DuckdbCatalog.open({ file: join(root, 'catalog.duckdb'), bucketsRoot: lake });
  const duckdb = await openDuckdb({ threads: 2 });
  console.log(`lake: ${lake}\n`);
  console.log('run  table                   mode           source  lake  equal  sessions/pool');
  let allEqual = true;
  for (const [run, runStart] of RUN_STARTS.entries()) {
    const runId = runIdAt(runStart);
    for (const source of CONFIG.sources) {
      const reader = readerOf(source);
      // The test servers are no replicas: their lag cannot be measured, so warn, as local mode does.
      await checkReplicaLag(
        { source: source.name, maxLagSeconds: source.replica.maxLagSeconds, unmeasuredLag: 'warn' },
        { reader },
      );
      for (const table of source.tables) {
        // The run and watermark the table's last commit recorded with its view.
        const shown = await catalog.getTable(source.name, catalogNames(table.name).view);
        const committed = committedWatermark(shown?.parameters);
        const planned = await planExtract(
          {
            source,
            table: { ...table, chunkSize: DEMO_CHUNK_SIZE },
            runId,
            runStart,
            safetyLagSeconds: 0,
            ...(committed === undefined ? {} : { committed }),
          },
          { reader },
        );
        let done = false;
        let most = 0;
        const sampler = (async () => {
          for (let i = 0; i < 2000 && !done; i += 1) {
            most = Math.max(most, await replicaSessions(source.engine, APPLICATION_NAME));
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        })();
        await mapConcurrently(planned.chunks, POOL_SIZE, (chunk) =>
          extractChunk(
            { plan: planned.plan, chunk, curatedBucket: 'curated' },
            { reader, objectStore: store, duckdb, salt: 'demo-salt', tempRoot: root },
          ),
        ).finally(() => {
          done = true;
        });
        await sampler;
        await commitTable(
          {
            plan: planned.plan,
            database: source.name,
            curatedBucket: 'curated',
            expectedParts: planned.chunks.length,
            runsToKeep: 5,
          },
          { objectStore: store, catalog },
        );
        const window = planned.watermark;

        // The lake's view of the table: this run for a full load; every run so far, latest per key, for an incremental table.
        const runs = table.mode === 'incremental' ? 'run=*' : `run=${runId}`;
        const rows = await withConnection(duckdb, (connection) =>
          queryRows(
            connection,
            `SELECT DISTINCT CAST(id AS VARCHAR) AS id FROM read_parquet(${quoteLiteral(join(lake, 'curated', source.name, table.name, runs, '*.parquet'))})`,
          ),
        ).catch(() => []);
        const lakeKeys = rows.map((row) => String(row.id)).sort();
        const expected = await sourceKeys(
          source,
          table.name,
          window && { column: window.column, through: window.through },
        );
        const equal = JSON.stringify(lakeKeys) === JSON.stringify(expected);
        allEqual &&= equal && most <= POOL_SIZE;
        console.log(
          `${String(run + 1).padEnd(4)} ${`${source.name}.${table.name}`.padEnd(23)} ${table.mode.padEnd(14)} ${String(expected.length).padStart(6)}  ${String(lakeKeys.length).padStart(4)}  ${(equal ? 'yes' : 'NO').padEnd(5)}  ${most}/${POOL_SIZE}${planned.warnings.length > 0 ? `  (${planned.warnings.join('; ')})` : ''}`,
        );
      }
      await reader.close();
    }
    await changeSources(run + 1);
  }
  catalog.close();
  duckdb.closeSync();
  await Promise.all([loadFixture('mysql'), loadFixture('postgres')]);
  console.log(
    `\n${allEqual ? 'Every table matched its source and no pool was exceeded.' : 'MISMATCH: see the rows marked NO or over the pool.'}` +
      '\nIncremental tables hold only rows whose watermark is set and inside a committed window: polling never sees hard deletes or changes that leave the watermark alone (CDC does).',
  );
  process.exitCode = allEqual ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
