import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { DEMO_ROW_COUNTS, demoEmail } from '../../lib/local/demo';
import { datalake, type Outcome } from '../helpers/runDatalake';

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

const ALL_EMAILS = Array.from({ length: DEMO_ROW_COUNTS.users }, (_, index) => demoEmail(index + 1));

describe('datalake validate-config', () => {
  it('accepts the example config and counts its sources, tables and streams', async () => {
    // Act
    const result = await datalake('validate-config', 'config/marketplace.yaml');

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('ok: 2 sources, 8 tables, 1 streams');
  });

  it('exits 1 naming the path of each problem in a broken config', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: shop\nsources:\n  - name: main\n    engine: oracle\n    database: shop\n    primary: { instanceIdentifier: shop-db }\n    credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:r-AbCdEf\n',
    );

    // Act
    const result = await datalake('validate-config', file);
    rmSync(dir, { recursive: true, force: true });

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sources[0].engine: received "oracle"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('datalake usage errors', () => {
  it('exits 2 with the usage hint on an unknown flag', async () => {
    // Act
    const result = await datalake('query', '--bogus', 'SELECT 1');

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).toContain('--help');
  });

  it('exits 2 when a required argument is missing', async () => {
    // Act
    const result = await datalake('validate-config');

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'file'");
  });

  it('exits 2 on a --format outside table, csv and json', async () => {
    // Act
    const result = await datalake('query', '--local', '--format', 'xml', 'SELECT 1');

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are table, csv, json');
  });
});

describe('datalake local on the demo, then query --local', () => {
  let lake: string;
  let local: Outcome;

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'cli-lake-'));
    local = await datalake('local', '--lake-dir', lake);
  }, 120_000);

  afterAll(() => rmSync(lake, { recursive: true, force: true }));

  it('runs every demo table to done and prints the summary and a sample query', () => {
    // Assert
    expect(local.code).toBe(0);
    for (const table of Object.keys(DEMO_ROW_COUNTS))
      expect(local.stdout).toMatch(new RegExp(`${table}: done`));
    expect(local.stdout).toMatch(
      /users\s+│\s+400 │ ok\s+│ \d+ (s|min)\s+│ password_hash │ email \(hash\), phone \(redact\), name \(truncate\)/,
    );
    expect(local.stdout).toContain('new_users');
    expect(local.stdout).toMatch(/SUCCEEDED in \d+\.\d s/);
  });

  it('answers counts equal to the seeded rows', async () => {
    // Arrange
    const sql = Object.keys(DEMO_ROW_COUNTS)
      .map((table) => `SELECT '${table}' AS t, count(*) AS n FROM demo_marketplace.${table}`)
      .join(' UNION ALL ');

    // Act
    const result = await datalake('query', '--local', '--lake-dir', lake, '--format', 'json', sql);

    // Assert
    expect(result.code).toBe(0);
    // count(*) is BIGINT: a JSON string in every row, whatever its value
    const counts = Object.fromEntries(
      (JSON.parse(result.stdout) as { t: string; n: string }[]).map((r) => [r.t, Number(r.n)]),
    );
    expect(counts).toEqual(DEMO_ROW_COUNTS);
  });

  it('shows hashed emails and no source email in the query output', async () => {
    // Act
    const result = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      '--format',
      'csv',
      'SELECT * FROM demo_marketplace.users',
    );

    // Assert
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,email,phone,name,country,birth_date,created_at,updated_at');
    expect(lines).toHaveLength(DEMO_ROW_COUNTS.users + 1);
    expect(lines.slice(1).every((line) => /^\d+,[0-9a-f]{64},,/.test(line))).toBe(true);
    expect(ALL_EMAILS.filter((email) => result.stdout.includes(email))).toEqual([]);
  });

  it('leaves no source email in any curated Parquet file', async () => {
    // Arrange: every curated file, read back in full
    const curated = join(lake, 'buckets', 'curated');
    const files = readdirSync(curated, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.parquet'))
      .map((name) => join(curated, name));
    const duckdb = await openDuckdb();

    // Act
    const contents = await withConnection(duckdb, async (connection) => {
      const texts: string[] = [];
      for (const file of files)
        texts.push(JSON.stringify(await queryRows(connection, `SELECT * FROM read_parquet('${file}')`)));
      return texts.join('\n');
    });
    duckdb.closeSync();

    // Assert
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(DEMO_ROW_COUNTS).length);
    expect(contents).toContain('아이폰 13 미니 🍎');
    expect(ALL_EMAILS.filter((email) => contents.includes(email))).toEqual([]);
  });

  it('lists each table’s last run, rows and freshness in status --local', async () => {
    // Act
    const result = await datalake('status', '--local', '--lake-dir', lake);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/marketplace │ users\s+│ \d{8}T\d{6}Z │ done\s+│\s+400 │/);
  });

  it('exits 1 with the engine’s message for SQL that fails', async () => {
    // Act
    const result = await datalake(
      'query',
      '--local',
      '--lake-dir',
      lake,
      'SELECT * FROM demo_marketplace.nope',
    );

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^error: local query FAILED: Catalog Error: Table with name \S*nope\S* does not exist/,
    );
  });
});

describe('datalake local with an unreachable source', () => {
  it('exits 1 naming the host:port that could not be reached', async () => {
    // Arrange
    const port = await closedPort();
    const lake = mkdtempSync(join(tmpdir(), 'cli-lake-'));

    // Act
    const result = await datalake(
      'local',
      '--source',
      // The demo config's database: a URL naming another one is refused before connecting.
      `postgres://reader@127.0.0.1:${port}/postgres`,
      '--lake-dir',
      lake,
    );
    rmSync(lake, { recursive: true, force: true });

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: Cannot reach the source database at 127.0.0.1:${port} (connection refused)`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
