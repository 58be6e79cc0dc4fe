/**
 * Issue 15, deliverable 8 in local mode: with `includeTables: all` and `excludeTables`, the run's
 * list-tables step names the kept tables in StartExportTask's `ExportOnly` and the simulated export
 * writes only those, so nothing of an excluded table exists anywhere in the lake, raw bucket
 * included; and an excluded table the lake could not curate (a name that is no SQL identifier) does
 * not fail the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { runLocal } from '../../lib/local/runLocal';
import { marketplaceSource } from '../helpers/configFactory';
import { loadFixture, mariadbQuery, mariadbUrl } from '../helpers/databases';
import { scanLakeForValues } from '../helpers/scanLakeForValues';

const VAULT = 'leak_ssn_vault';
const SECRETS = ['vault.secret@example.com', '900-12-3456', 'Vault Holder'];
/** A table whose name the lake cannot curate (nor a partial export name): it must be excluded. */
const BAD_NAME = 'leak-bad-name';

function config(excludeTables: string[]) {
  return parseConfig({
    name: 'excluded',
    pools: [{ name: 'default', maxConcurrency: 2 }],
    sources: [
      marketplaceSource({
        includeTables: 'all',
        excludeTables,
        tables: [{ name: 'orders', columns: { legacy_amount: { cast: 'string' } } }],
      }),
    ],
  });
}

describe('runLocal with includeTables: all and excludeTables', () => {
  let lakeDir: string;
  beforeAll(async () => {
    // Its own fixture: the suites share one server, and in CI this may run before any other has loaded it.
    await loadFixture('mysql');
    await mariadbQuery(`DROP TABLE IF EXISTS ${VAULT}, \`${BAD_NAME}\``);
    await mariadbQuery(
      `CREATE TABLE ${VAULT} (id INT PRIMARY KEY, email VARCHAR(100), ssn CHAR(11), holder VARCHAR(50))`,
    );
    await mariadbQuery(`INSERT INTO ${VAULT} VALUES (1, ?, ?, ?)`, SECRETS);
    await mariadbQuery(`CREATE TABLE \`${BAD_NAME}\` (id INT PRIMARY KEY)`);
  });
  beforeEach(() => {
    lakeDir = mkdtempSync(join(tmpdir(), 'local-excluded-'));
  });
  afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));
  afterAll(() => mariadbQuery(`DROP TABLE IF EXISTS ${VAULT}, \`${BAD_NAME}\``));

  it('curates every other table and leaves nothing of the excluded ones anywhere in the lake, raw included', async () => {
    // Act
    const run = await runLocal({ config: config([VAULT, BAD_NAME]), lakeDir, sourceUrl: mariadbUrl() });

    // Assert
    expect(run.status).toBe('SUCCEEDED');
    expect(run.tables.map((table) => [table.table, table.status]).sort()).toEqual([
      ['chat_messages', 'done'],
      ['items', 'done'],
      ['orders', 'done'],
      ['users', 'done'],
    ]);
    expect(await scanLakeForValues(lakeDir, [VAULT, BAD_NAME, ...SECRETS], () => false)).toEqual([]);
  });

  it('without the exclusion the same scan finds the table’s values (the scan sees what it looks for)', async () => {
    // Act
    const run = await runLocal({ config: config([BAD_NAME]), lakeDir, sourceUrl: mariadbUrl() });

    // Assert
    expect(run.status).toBe('SUCCEEDED');
    const findings = await scanLakeForValues(lakeDir, SECRETS, () => false);
    expect(
      findings.filter((finding) => finding.where === 'parquet values').map((finding) => finding.value),
    ).toEqual(expect.arrayContaining(SECRETS));
  });

  it('fails the run naming a table the lake cannot curate when it is not excluded, and the fix', async () => {
    // Act
    const attempt = runLocal({ config: config([VAULT]), lakeDir, sourceUrl: mariadbUrl() });

    // Assert
    await expect(attempt).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(
          /"marketplace.leak-bad-name".*allowed: add "leak-bad-name" to excludeTables/,
        ),
      },
    });
  });
});
