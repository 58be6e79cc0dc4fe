/**
 * runLocalCdc on the real MariaDB test server: a config whose table is in mode `cdc`; each cycle
 * (capture, apply, commit) leaves `<table>_latest` equal to the source: an insert, an update and a
 * delete made between two cycles show in the second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { runLocalCdc } from '../../../lib/local/cdc';
import { queryLocalCatalog } from '../../../lib/local/queryLocalCatalog';
import { parsedConfig } from '../../helpers/configFactory';
import { connectMariadb, mariadbUrl } from '../../helpers/databases';

const TABLE = 'cdc_local_items';

/** A source with a table in mode cdc, the lake in the primary's VPC (as the config requires for cdc). */
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
        name: 'shop',
        engine: 'mysql',
        database: 'marketplace',
        primary: { instanceIdentifier: 'shop-db' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-AbCdEf',
        cdc: {
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-dms-AbCdEf',
          securityGroupId: 'sg-0123456789abcdef0',
        },
        tables: [{ name: TABLE, mode: 'cdc' }],
      },
    ],
  });

let db: Connection;
let lakeDir: string;

async function sourceRows() {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT id, title, CAST(price AS CHAR) AS price FROM ${TABLE} ORDER BY id`,
  );
  return rows.map((row) => ({ id: Number(row.id), title: row.title, price: row.price }));
}

async function latestRows(catalogFile: string, database: string) {
  const result = await queryLocalCatalog(
    catalogFile,
    `SELECT id, title, CAST(price AS VARCHAR) AS price FROM ${database}.${TABLE}_latest ORDER BY id`,
  );
  return result.rows.map(([id, title, price]) => ({ id: Number(id), title, price }));
}

beforeAll(async () => {
  db = await connectMariadb();
  lakeDir = mkdtempSync(join(tmpdir(), 'cdc-local-'));
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.query(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, title VARCHAR(50), price DECIMAL(8,2))`);
  await db.query(`INSERT INTO ${TABLE} VALUES (1, 'lamp', 12.50), (2, 'desk', 80.00), (3, 'chair', 25.00)`);
});
afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.end();
  rmSync(lakeDir, { recursive: true, force: true });
});

describe('runLocalCdc', () => {
  it('shows an insert, an update and a delete on the source in <table>_latest after one cycle', async () => {
    // Act 1: the first cycle is the full load.
    const first = await runLocalCdc({ config: config(), lakeDir, sourceUrl: mariadbUrl() });

    // Assert 1
    expect(first.capture.kind).toBe('full-load');
    expect(first.tables).toEqual([{ table: TABLE, applied: true, rows: 3 }]);
    expect(await latestRows(first.catalogFile, first.database)).toEqual(await sourceRows());

    // Act 2
    await db.query(`INSERT INTO ${TABLE} VALUES (4, 'rug', 9.99)`);
    await db.query(`UPDATE ${TABLE} SET price = 70.00 WHERE id = 2`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 3`);
    const second = await runLocalCdc({ config: config(), lakeDir, sourceUrl: mariadbUrl() });

    // Assert 2
    expect(second.capture).toMatchObject({ kind: 'cdc', rows: 3 });
    expect(second.tables).toEqual([{ table: TABLE, applied: true, rows: 3 }]);
    expect(await latestRows(second.catalogFile, second.database)).toEqual([
      { id: 1, title: 'lamp', price: '12.50' },
      { id: 2, title: 'desk', price: '70.00' },
      { id: 4, title: 'rug', price: '9.99' },
    ]);
    expect(await latestRows(second.catalogFile, second.database)).toEqual(await sourceRows());
  });
});
