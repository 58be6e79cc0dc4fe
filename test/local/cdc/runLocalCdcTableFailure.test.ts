/**
 * runLocalCdc runs the cdc apply state machine, on the real MariaDB test server: a table whose plan
 * fails ends its own iteration, the other table is still committed, and the run ends failed naming
 * the failed table and its cause (catchTableFailure, failWhenTablesFailed), as in AWS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { PipelineRunFailedError } from '../../../lib/core/errors';
import { runLocalCdc } from '../../../lib/local/cdc';
import { queryLocalCatalog } from '../../../lib/local/queryLocalCatalog';
import { parsedConfig } from '../../helpers/configFactory';
import { connectMariadb, mariadbUrl } from '../../helpers/databases';

const GOOD = 'cdc_fail_good';
const BAD = 'cdc_fail_bad';

/** Two cdc tables; BAD's rule names a column it lacks, so its plan fails (UnknownColumnError). */
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
        tables: [
          { name: BAD, mode: 'cdc', columns: { no_such_column: { mask: 'redact' } } },
          { name: GOOD, mode: 'cdc' },
        ],
      },
    ],
  });

let db: Connection;
let lakeDir: string;

beforeAll(async () => {
  db = await connectMariadb();
  lakeDir = mkdtempSync(join(tmpdir(), 'cdc-local-fail-'));
  for (const table of [GOOD, BAD]) {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, title VARCHAR(50))`);
    await db.query(`INSERT INTO ${table} VALUES (1, 'lamp'), (2, 'desk')`);
  }
});
afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${GOOD}, ${BAD}`);
  await db.end();
  rmSync(lakeDir, { recursive: true, force: true });
});

describe('runLocalCdc through the cdc apply state machine', () => {
  it('commits the other table and fails the run naming the table whose plan failed', async () => {
    // Act
    const failure = await runLocalCdc({ config: config(), lakeDir, sourceUrl: mariadbUrl() }).catch(
      (error: unknown) => error,
    );

    // Assert
    expect(failure).toBeInstanceOf(PipelineRunFailedError);
    const { failedTables, pipeline, stateMachine } = (failure as PipelineRunFailedError).failure;
    expect({ pipeline, stateMachine }).toEqual({ pipeline: 'cdc', stateMachine: 'testlake-shop-cdc' });
    expect(failedTables.map((table) => table.table)).toEqual([BAD]);
    expect(failedTables[0]?.cause).toMatch(/UnknownColumnError.*no_such_column/);
    const [source] = await db.query<RowDataPacket[]>(`SELECT id, title FROM ${GOOD} ORDER BY id`);
    const latest = await queryLocalCatalog(
      join(lakeDir, 'catalog.duckdb'),
      `SELECT id, title FROM testlake_shop.${GOOD}_latest ORDER BY id`,
    );
    expect(latest.rows.map(([id, title]) => ({ id: Number(id), title }))).toEqual(
      source.map((row) => ({ id: Number(row.id), title: row.title })),
    );
  });
});
