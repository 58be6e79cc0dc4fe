/**
 * Issue 15, deliverable 9: a leak scan on real parts. `datalake local` (what `npm run local` runs:
 * the demo marketplace in PGlite, config/local-demo.yaml) and the replica path (`datalake local
 * --source` on the MariaDB fixture, users and orders read as replica-query tables) each leave a
 * lake directory; every file outside the raw zone — curated Parquet (values DuckDB decodes, column
 * statistics, key-value metadata, schema), manifests, the run log, the catalog — is scanned for the
 * source's personal data (emails, phone numbers, names, addresses) and none is found. The same run
 * of the demo with the users' email mask removed from the config finds the emails, so the scan is
 * shown to see what it looks for.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { demoMarketplace } from '../../lib/local/demo';
import { marketplaceSource } from '../helpers/configFactory';
import { loadFixture, mariadbQuery, mariadbUrl } from '../helpers/databases';
import { datalake, type Outcome, REPO } from '../helpers/runDatalake';
import { type LeakFinding, scanLakeForValues } from '../helpers/scanLakeForValues';

/** Unmasked data may exist only in the raw zone (exports and landing files), for a short time. */
const outsideRaw = (file: string) => file.startsWith(join('buckets', 'raw'));

/**
 * Values short enough to occur by chance (a 4-digit card tail, a one-letter name) prove nothing:
 * 6 characters at least, or 3 of Hangul (a Korean full name such as 김민준).
 */
const scannable = (values: readonly unknown[]): string[] =>
  values.filter(
    (value): value is string =>
      typeof value === 'string' &&
      (value.length >= 6 || (value.length >= 3 && /^[\uac00-\ud7a3]+$/.test(value))),
  );

/** The Parquet files under a lake's curated bucket: the scan had data to read. */
const curatedParquet = (lakeDir: string): string[] =>
  readdirSync(join(lakeDir, 'buckets', 'curated'), { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.parquet'),
  );

/** The demo's personal data: users' email, phone and name, orders' shipping address. */
function demoPii(): string[] {
  const tables = new Map(demoMarketplace().map((table) => [table.name, table]));
  const column = (table: 'users' | 'orders', name: string) => {
    const found = tables.get(table);
    if (found === undefined) throw new Error(`no demo table ${table}`);
    const { columns, rows } = found;
    const index = columns.indexOf(name);
    return rows.map((row) => row[index]);
  };
  return scannable([
    ...column('users', 'email'),
    ...column('users', 'phone'),
    ...column('users', 'name'),
    ...column('orders', 'shipping_address'),
  ]);
}

/** The MariaDB fixture's replica config: its users and orders masked as the demo masks its users. */
const REPLICA_CONFIG = {
  name: 'leakscan',
  pools: [{ name: 'small', maxConcurrency: 2 }],
  sources: [
    marketplaceSource({
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [
        {
          name: 'users',
          pool: 'small',
          columns: {
            email: { mask: 'hash' },
            phone: { mask: 'redact' },
            name: { mask: 'truncate', length: 1 },
            nickname: { mask: 'redact' },
            profile: 'drop',
            password_hash: 'drop',
          },
        },
        {
          name: 'orders',
          pool: 'small',
          columns: {
            legacy_amount: { cast: 'string' },
            shipping_name: { mask: 'hash' },
            shipping_phone: { mask: 'hash' },
            shipping_address: { mask: 'redact' },
          },
        },
      ],
    }),
  ],
};

describe('leak scan of every file outside the raw zone', () => {
  let dir: string;
  const lake = (name: string) => join(dir, name);
  let runs: Record<'demo' | 'unmasked' | 'replica', Outcome>;
  let fixturePii: string[];

  beforeAll(async () => {
    // Its own fixture: another suite on the shared server may have left the database changed or empty.
    await loadFixture('mysql');
    dir = mkdtempSync(join(tmpdir(), 'leak-scan-'));
    const demo = parse(readFileSync(join(REPO, 'config/local-demo.yaml'), 'utf8'));
    const users = demo.sources[0].tables.find((table: { name: string }) => table.name === 'users');
    delete users.columns.email;
    writeFileSync(join(dir, 'unmasked.yaml'), stringify(demo));
    writeFileSync(join(dir, 'replica.yaml'), stringify(REPLICA_CONFIG));
    const [users_, orders] = await Promise.all([
      mariadbQuery('SELECT email, phone, name, nickname FROM users'),
      mariadbQuery('SELECT shipping_name, shipping_phone, shipping_address FROM orders'),
    ]);
    fixturePii = scannable([...users_, ...orders].flatMap((row) => Object.values(row)));
    const [demoRun, unmaskedRun] = await Promise.all([
      datalake('local', '--lake-dir', lake('demo')),
      datalake('local', '--config', join(dir, 'unmasked.yaml'), '--lake-dir', lake('unmasked')),
    ]);
    const replicaRun = await datalake(
      'local',
      '--config',
      join(dir, 'replica.yaml'),
      '--source',
      mariadbUrl(),
      '--lake-dir',
      lake('replica'),
    );
    runs = { demo: demoRun, unmasked: unmaskedRun, replica: replicaRun };
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scans for enough values to matter: the demo’s and the fixture’s emails, phones, names and addresses', () => {
    // Assert
    expect(demoPii().length).toBeGreaterThan(1000);
    expect(demoPii()).toContain('seoyeon.1@mail.example.kr');
    expect(demoPii().filter((value) => /^[\uac00-\ud7a3]+$/.test(value)).length).toBeGreaterThan(100);
    expect(fixturePii.filter((value) => value.includes('@')).length).toBeGreaterThanOrEqual(15);
  });

  it('npm run local: no personal data in curated Parquet, statistics, manifests, the run log or the catalog', async () => {
    // Act
    const findings = await scanLakeForValues(lake('demo'), demoPii(), outsideRaw);

    // Assert
    expect(runs.demo.code).toBe(0);
    expect(curatedParquet(lake('demo')).length).toBeGreaterThanOrEqual(5);
    expect(findings).toEqual([]);
  });

  it('replica path: no personal data of the fixture outside the raw zone', async () => {
    // Act
    const findings = await scanLakeForValues(lake('replica'), fixturePii, outsideRaw);

    // Assert
    expect(runs.replica.code).toBe(0);
    expect(curatedParquet(lake('replica')).length).toBeGreaterThanOrEqual(2);
    expect(findings).toEqual([]);
  });

  it('finds the emails, in values and in column statistics, once the email mask is removed from the config', async () => {
    // Act
    const findings = await scanLakeForValues(lake('unmasked'), demoPii(), outsideRaw);

    // Assert
    expect(runs.unmasked.code).toBe(0);
    const where = (kind: LeakFinding['where']) =>
      findings.filter((finding) => finding.where === kind && finding.value.includes('@'));
    expect(where('parquet values').length).toBeGreaterThanOrEqual(400);
    expect(where('parquet metadata').length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.file.startsWith(join('buckets', 'curated')))).toBe(true);
  });
});
