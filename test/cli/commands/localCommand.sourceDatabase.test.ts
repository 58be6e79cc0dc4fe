/**
 * `datalake local --source <url>` reads the config source's `database:` and nothing else, on the
 * real test servers: a URL naming another database is refused naming both (it used to be ignored,
 * the config's database read silently), and a URL naming none reads the config's (PostgreSQL would
 * otherwise connect to the database named after the user).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, mariadbUrl, postgresQuery, postgresUrl } from '../../helpers/databases';
import { datalake } from '../../helpers/runDatalake';

/** A config with one source, as `datalake local` runs its first source. */
function configFile(dir: string, engine: 'mysql' | 'postgres', database: string, table: string): string {
  const file = join(dir, `${engine}.yaml`);
  writeFileSync(
    file,
    [
      'name: urls',
      'pools: [{ name: small, maxConcurrency: 2 }]',
      'sources:',
      '  - name: shop',
      `    engine: ${engine}`,
      `    database: ${database}`,
      '    primary: { instanceIdentifier: shop-db }',
      '    credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-AbCdEf',
      '    includeTables: listed',
      `    tables: [{ name: ${table}, pool: small }]`,
      '',
    ].join('\n'),
  );
  return file;
}

/** `url` with its database (path) replaced. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = database === '' ? '' : `/${database}`;
  return parsed.toString();
}

describe('datalake local --source and the config’s database', () => {
  let dir: string;
  // Its own fixtures: the suites share one server, and in CI this may run before any other has loaded them.
  beforeAll(async () => {
    await loadFixture('mysql');
    await loadFixture('postgres');
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-source-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 naming both databases when the URL names another one, before reading or writing anything', async () => {
    // Arrange
    const config = configFile(dir, 'mysql', 'marketplace', 'items');
    const lake = join(dir, 'lake');

    // Act
    const result = await datalake(
      'local',
      '--config',
      config,
      '--source',
      withDatabase(mariadbUrl(), 'nosuchdb'),
      '--lake-dir',
      lake,
    );

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '--source: names database "nosuchdb", but source "shop" reads database "marketplace" (its database: in the config); allowed: a URL ending in /marketplace, or no database in the URL',
    );
    expect(readdirSync(dir)).toEqual(['mysql.yaml']);
  });

  it('reads the config’s database from a PostgreSQL URL that names none', async () => {
    // Arrange
    const config = configFile(dir, 'postgres', 'payments', 'refunds');
    const lake = join(dir, 'lake');
    const [source] = await postgresQuery('SELECT count(*)::int AS n FROM refunds');

    // Act
    const result = await datalake(
      'local',
      '--config',
      config,
      '--source',
      withDatabase(postgresUrl(), ''),
      '--lake-dir',
      lake,
    );
    const count = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'csv',
      'SELECT count(*) AS n FROM urls_shop.refunds',
    );

    // Assert
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(count.stdout.trim().split('\n')).toEqual(['n', String(source?.n)]);
  }, 60_000);
});
