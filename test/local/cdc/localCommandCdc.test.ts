/**
 * `datalake local --cdc` as a user runs it, on the real MariaDB test server: the first cycle loads
 * the table, the next shows an insert, an update and a delete in `<table>_latest`, masks applied.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { connectMariadb, mariadbUrl } from '../../helpers/databases';
import { datalake } from '../../helpers/runDatalake';

const TABLE = 'cdc_cli_items';
const CONFIG = `name: cdccli
aws: { account: '123456789012', region: eu-west-1 }
network:
  vpcId: vpc-0a1b2c3d4e5f67890
  subnetIds: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]
  availabilityZones: [eu-west-1a, eu-west-1b]
  cidrBlock: 10.20.0.0/16
  endpoints: create
  routeTableIds: [rtb-0a1b2c3d4e5f67890, rtb-0a1b2c3d4e5f67890]
sources:
  - name: shop
    engine: mysql
    database: marketplace
    primary: { instanceIdentifier: shop-db }
    credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-AbCdEf
    cdc:
      credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-dms-AbCdEf
      securityGroupId: sg-0123456789abcdef0
    tables:
      - name: ${TABLE}
        mode: cdc
        columns: { email: { mask: redact } }
`;

let db: Connection;
let dir: string;
const cycle = () =>
  datalake(
    'local',
    '--cdc',
    '--source',
    mariadbUrl(),
    '--config',
    join(dir, 'lake.yaml'),
    '--lake-dir',
    join(dir, 'lake'),
  );

beforeAll(async () => {
  db = await connectMariadb();
  dir = mkdtempSync(join(tmpdir(), 'cdc-cli-'));
  writeFileSync(join(dir, 'lake.yaml'), CONFIG);
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.query(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, title VARCHAR(40), email VARCHAR(80))`);
  await db.query(
    `INSERT INTO ${TABLE} VALUES (1, 'lamp', 'kim@example.com'), (2, 'desk', NULL), (3, 'chair', NULL)`,
  );
});
afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('datalake local --cdc', () => {
  it('loads the table, then shows an insert, an update and a delete after the next cycle', async () => {
    // Act 1
    const first = await cycle();

    // Assert 1
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Captured a full load: 3 rows in 1 DMS files');
    expect(first.stdout).toContain(`${TABLE}: applied, 3 rows now`);

    // Act 2
    await db.query(`INSERT INTO ${TABLE} VALUES (4, 'rug', NULL)`);
    await db.query(`UPDATE ${TABLE} SET title = 'standing desk' WHERE id = 2`);
    await db.query(`DELETE FROM ${TABLE} WHERE id = 3`);
    const second = await cycle();

    // Assert 2: the sample query prints <table>_latest (email redacted).
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Captured changes: 3 rows in 1 DMS files');
    const rows = second.stdout
      .split('\n')
      .filter((line) => /^\s*\d+ │/.test(line))
      .map((line) => line.split('│').map((cell) => cell.trim()))
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(rows.map(([id, title]) => [id, title])).toEqual([
      ['1', 'lamp'],
      ['2', 'standing desk'],
      ['4', 'rug'],
    ]);
    expect(rows[0]?.[2]).not.toContain('kim@example.com');
  });

  it('refuses --cdc without --source, naming what is allowed', async () => {
    const result = await datalake(
      'local',
      '--cdc',
      '--config',
      join(dir, 'lake.yaml'),
      '--lake-dir',
      join(dir, 'lake2'),
    );

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--cdc reads a database server's binlog or WAL; allowed: with --source/);
  });
});
