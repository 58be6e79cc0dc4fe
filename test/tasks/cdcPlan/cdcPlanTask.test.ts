/**
 * cdcPlanTask on the real MariaDB test server (standing in for the replica) and the local DuckDB
 * catalog: each cdc table's plan from the server's catalog, the config's rules and the run its
 * view shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { openReplicaReader, type ReplicaReader } from '../../../lib/adapters/database';
import type { DataLakeConfig } from '../../../lib/config';
import { RUN_ID_PARAMETER } from '../../../lib/core/commit';
import { pipelineConfig } from '../../../lib/infra/stateMachine/pipelineConfig';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { type CdcPlanDeps, cdcPlanTask } from '../../../lib/tasks/cdcPlan/cdcPlanTask';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { connectMariadb, mariadbUrl } from '../../helpers/databases';

const TABLE = 'cdc_plan_offers';
const NO_KEY = 'cdc_plan_nokey';
const DATABASE = 'testlake_shop';
const RUN_ID = '20261207T150000Z';

let db: Connection;
let reader: ReplicaReader;
let catalog: DuckdbCatalog;
let work: string;
let config: DataLakeConfig;

function event(table: string) {
  const source = config.sources[0] ?? fail('no source');
  // The config subset the state machine embeds, with the network the cdc settings require.
  return {
    config: { ...pipelineConfig(config, source), network: JSON.parse(JSON.stringify(config.network)) },
    source: 'shop',
    table,
    runId: RUN_ID,
  };
}

function deps(): CdcPlanDeps {
  return {
    replicas: { withReader: (_host, use) => use(reader) },
    catalog,
    settings: {
      REPLICA_ENGINE: 'mysql',
      REPLICA_PORT: 3306,
      REPLICA_DATABASE: 'marketplace',
      CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-AbCdEf',
      REPLICA_CONNECT_TIMEOUT_SECONDS: 10,
      REPLICA_STATEMENT_TIMEOUT_SECONDS: 60,
      REPLICA_IDLE_TIMEOUT_SECONDS: 60,
      REPLICA_HOSTS: ['replica-1.example'],
      GLUE_DATABASE: DATABASE,
    },
  };
}

beforeAll(async () => {
  db = await connectMariadb();
  await db.query(`DROP TABLE IF EXISTS ${TABLE}, ${NO_KEY}`);
  await db.query(
    `CREATE TABLE ${TABLE} (id INT PRIMARY KEY, buyer_email VARCHAR(100), message TEXT, price DECIMAL(8,2))`,
  );
  await db.query(`CREATE TABLE ${NO_KEY} (id INT, note VARCHAR(10))`);
  const url = new URL(mariadbUrl());
  reader = openReplicaReader({
    engine: 'mysql',
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    tls: false,
  });
  work = mkdtempSync(join(tmpdir(), 'cdc-plan-'));
  catalog = await DuckdbCatalog.open({ file: join(work, 'catalog.duckdb'), bucketsRoot: work });
  config = parsedConfig({
    network: {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      cidrBlock: '10.20.0.0/16',
      endpoints: 'create',
      routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
    },
    sources: [
      validSource({
        name: 'shop',
        database: url.pathname.slice(1),
        includeTables: 'listed',
        tables: [
          validTable({
            name: TABLE,
            mode: 'cdc',
            columns: { message: 'drop', buyer_email: { mask: 'hash' } },
          }),
          validTable({ name: NO_KEY, mode: 'cdc', columns: {} }),
          validTable({ name: 'items', columns: {} }),
        ],
        cdc: {
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-dms-AbCdEf',
          securityGroupId: 'sg-0123456789abcdef0',
        },
      }),
    ],
  });
});
afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${TABLE}, ${NO_KEY}`);
  await db.end();
  await reader.close();
  catalog.close();
  rmSync(work, { recursive: true, force: true });
});

describe('cdcPlanTask', () => {
  it("plans a cdc table from the replica's columns and key and the config's rules, with no base run the first time", async () => {
    // Act
    const planned = await cdcPlanTask(event(TABLE), deps());

    // Assert
    expect(planned).not.toHaveProperty('baseRunId');
    expect(planned.plan).toMatchObject({
      source: 'shop',
      table: TABLE,
      runId: RUN_ID,
      mode: 'cdc',
      primaryKey: ['id'],
      dropped: ['message'],
    });
    expect(planned.plan.columns.map((column) => [column.output, column.mask?.kind])).toEqual([
      ['id', undefined],
      ['buyer_email', 'hash'],
      ['price', undefined],
    ]);
  });

  it('names the run its view shows as the base the changes apply on', async () => {
    // Arrange: a committed version's view
    await catalog.upsertView(DATABASE, {
      name: TABLE,
      database: DATABASE,
      sql: 'SELECT 1 AS id',
      columns: [{ name: 'id', type: 'int' }],
      parameters: { [RUN_ID_PARAMETER]: '20261207T144500Z' },
    });

    // Act
    const planned = await cdcPlanTask(event(TABLE), deps());

    // Assert
    expect(planned.baseRunId).toBe('20261207T144500Z');
  });

  it('refuses a table without a primary key, naming it', async () => {
    await expect(cdcPlanTask(event(NO_KEY), deps())).rejects.toThrow(
      new RegExp(`Table \\w+\\.${NO_KEY} of source shop has no primary key; allowed in mode cdc`),
    );
  });

  it('refuses a table that is not in mode cdc, naming the cdc tables', async () => {
    await expect(cdcPlanTask(event('items'), deps())).rejects.toThrow(
      `Table "items" is not a cdc table of source shop in the cdc plan task input; allowed: "${TABLE}", "${NO_KEY}"`,
    );
  });
});
