/**
 * Issue 17, deliverable 5 on the real PostgreSQL server: two tables whose names differ only in case
 * (`zoo_names_Users`, `zoo_names_users`) would be published as one Athena table, one with the
 * other's rows. With `includeTables: all` the local run is refused at plan time, on both paths,
 * naming both tables and the exclusion that resolves it, before anything is written to the lake.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseConfig } from '../../lib/config';
import { runLocal } from '../../lib/local/runLocal';
import { postgresUrl } from '../helpers/databases';

/** A database of its own, so `includeTables: all` finds only these two tables. */
const DATABASE = 'zoo_names';

function databaseUrl(database: string): string {
  const url = new URL(postgresUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function query(database: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function config(defaultMode: 'snapshot-export' | 'replica-query', excludeTables: string[] = []) {
  return parseConfig({
    name: 'zoo-names',
    sources: [
      {
        name: 'zoo',
        engine: 'postgres',
        database: DATABASE,
        primary: { instanceIdentifier: 'zoo-db' },
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zoo-AbCdEf',
        includeTables: 'all',
        defaultMode,
        excludeTables,
      },
    ],
  });
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('a local run over two tables whose names differ only in case', () => {
  let lakeDir: string;
  beforeAll(async () => {
    await query('payments', `DROP DATABASE IF EXISTS ${DATABASE}`);
    await query('payments', `CREATE DATABASE ${DATABASE}`);
    await query(
      DATABASE,
      `CREATE TABLE "zoo_names_Users" (id int PRIMARY KEY, name text);
       CREATE TABLE zoo_names_users (id int PRIMARY KEY, name text);
       INSERT INTO "zoo_names_Users" VALUES (1, 'upper');
       INSERT INTO zoo_names_users VALUES (1, 'lower');`,
    );
  });
  afterAll(() => query('payments', `DROP DATABASE IF EXISTS ${DATABASE}`));
  beforeEach(() => {
    lakeDir = mkdtempSync(join(tmpdir(), 'zoo-names-'));
  });
  afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));

  it.each(['snapshot-export', 'replica-query'] as const)(
    'is refused on the %s path naming both tables and the exclusion, with no data written',
    async (defaultMode) => {
      // Act
      const attempt = runLocal({ config: config(defaultMode), lakeDir, sourceUrl: databaseUrl(DATABASE) });

      // Assert
      await expect(attempt).rejects.toThrow();
      const error = await attempt.catch((caught: unknown) => caught);
      const messages: string[] = [];
      for (let cause = error; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
      expect(messages.join('\n')).toMatch(
        /found "public\.zoo_names_users", which the lake would publish as "zoo_names_users" like found table "public\.zoo_names_Users".*allowed: add "public\.zoo_names_Users" or "public\.zoo_names_users" to excludeTables/,
      );
      expect(
        filesUnder(lakeDir).filter((file) => /\.(parquet|csv|json)$/.test(file) && file !== 'runs.json'),
      ).toEqual([]);
    },
  );

  it('curates the one left once the other is excluded (the advice works)', async () => {
    // Act
    const run = await runLocal({
      config: config('replica-query', ['zoo_names_Users']),
      lakeDir,
      sourceUrl: databaseUrl(DATABASE),
    });

    // Assert
    expect(run.status).toBe('SUCCEEDED');
    expect(run.tables.map((table) => [table.table, table.status])).toEqual([['zoo_names_users', 'done']]);
  });
});
