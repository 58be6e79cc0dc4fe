/**
 * runLocalCdc on the real PostgreSQL test server (wal_level=logical): the capture reads the WAL
 * through pgoutput, and the cdc apply state machine plans the table on the server's catalog (schema
 * public), applies and commits it; an insert, an update and a delete between two cycles show in
 * `<table>_latest`, equal to the source value by value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { captureSlotName, runLocalCdc } from '../../../lib/local/cdc';
import { queryLocalCatalog } from '../../../lib/local/queryLocalCatalog';
import { parsedConfig } from '../../helpers/configFactory';
import { connectPostgres, postgresUrl } from '../../helpers/databases';

const SOURCE = 'pay';
const TABLE = 'cdc_local_refunds';

const config = () =>
  parsedConfig({
    network: {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      cidrBlock: '10.20.0.0/16',
      endpoints: 'create',
      routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
    },
    sources: [
      {
        name: SOURCE,
        engine: 'postgres',
        database: 'payments',
        primary: { clusterIdentifier: 'pay-aurora', securityGroupId: 'sg-0a1b2c3d4e5f67890' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pay-AbCdEf',
        cdc: { credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pay-dms-AbCdEf' },
        tables: [{ name: TABLE, mode: 'cdc', columns: { note: { mask: 'redact' } } }],
      },
    ],
  });

let db: Client;
let lakeDir: string;

async function sourceRows() {
  const result = await db.query(`SELECT id, amount::text AS amount FROM ${TABLE} ORDER BY id`);
  return result.rows.map((row: { id: number; amount: string }) => ({
    id: Number(row.id),
    amount: row.amount,
  }));
}

async function latest(catalogFile: string, database: string) {
  const result = await queryLocalCatalog(
    catalogFile,
    `SELECT id, CAST(amount AS VARCHAR), note FROM ${database}.${TABLE}_latest ORDER BY id`,
  );
  return result.rows.map(([id, amount, note]) => ({ id: Number(id), amount, note }));
}

beforeAll(async () => {
  db = await connectPostgres();
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.query(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, amount NUMERIC(10,2), note TEXT)`);
  await db.query(`INSERT INTO ${TABLE} VALUES (1, 10.00, 'a'), (2, 20.00, 'b'), (3, 30.00, 'c')`);
  lakeDir = mkdtempSync(join(tmpdir(), 'cdc-local-pg-'));
});
afterAll(async () => {
  await db.query(
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [captureSlotName(SOURCE)],
  );
  await db.query(`DROP PUBLICATION IF EXISTS ${captureSlotName(SOURCE)}`);
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.end();
  rmSync(lakeDir, { recursive: true, force: true });
});

describe('runLocalCdc on PostgreSQL', () => {
  it('shows an insert, an update and a delete in <table>_latest after one cycle, the note redacted', async () => {
    // Act 1: the full load
    const first = await runLocalCdc({ config: config(), lakeDir, sourceUrl: postgresUrl() });

    // Assert 1
    expect(first.tables).toEqual([{ table: TABLE, applied: true, rows: 3 }]);
    expect(
      (await latest(first.catalogFile, first.database)).map(({ id, amount }) => ({ id, amount })),
    ).toEqual(await sourceRows());

    // Act 2
    await db.query(`INSERT INTO ${TABLE} VALUES (4, 40.00, 'd')`);
    await db.query(`UPDATE ${TABLE} SET amount = 25.00 WHERE id = 2`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 3`);
    const second = await runLocalCdc({ config: config(), lakeDir, sourceUrl: postgresUrl() });

    // Assert 2
    expect(second.tables).toEqual([{ table: TABLE, applied: true, rows: 3 }]);
    expect(await latest(second.catalogFile, second.database)).toEqual([
      { id: 1, amount: '10.00', note: null },
      { id: 2, amount: '25.00', note: null },
      { id: 4, amount: '40.00', note: null },
    ]);

    // Act 3: nothing changed since
    const third = await runLocalCdc({ config: config(), lakeDir, sourceUrl: postgresUrl() });

    // Assert 3: nothing new to apply, nothing committed, readers see the same version
    expect(third.tables).toEqual([{ table: TABLE, applied: false }]);
    expect(
      (await latest(third.catalogFile, third.database)).map(({ id, amount }) => ({ id, amount })),
    ).toEqual(await sourceRows());
  });
});
