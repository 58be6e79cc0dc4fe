/**
 * Seeds an embedded PostgreSQL (PGlite) as the integ check seeds RDS and prints what it observes,
 * as JSON, for seedSourceDatabase.test.ts: jest cannot load PGlite (it needs dynamic imports), and
 * the shared PostgreSQL test server's user may not create roles, which the seed does.
 */
import { PGlite } from '@electric-sql/pglite';
import { EXTRACT_BENCH_TABLE } from '../../../scripts/bench/extractBenchTable';
import { integLakeConfig } from '../integLakeConfig';
import { expectedRowCounts } from './expectedRowCounts';
import { rowCountSql } from './rowCountSql';
import { rowCounts } from './rowCounts';
import { seedSourceDatabase } from './seedSourceDatabase';

async function errorOf(action: Promise<unknown>): Promise<string | undefined> {
  try {
    await action;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function observe() {
  const db = await PGlite.create();
  await seedSourceDatabase(db, { username: 'lake_reader', password: "it's a secret" }, { benchRows: 2000 });
  const [source] = integLakeConfig('arn').sources;
  if (source === undefined) throw new Error('The integ lake has one source');
  const expected = expectedRowCounts(source);
  const tables = [...Object.keys(expected.snapshot), ...Object.keys(expected.replica)];
  const result = await db.query<(string | number)[]>(rowCountSql('public', tables), [], { rowMode: 'array' });
  const counts = rowCounts({ queryExecutionId: 'pglite', columns: [], rows: result.rows });
  await db.exec('SET ROLE lake_reader');
  const readerCount = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payments')).rows[0]?.n;
  const readerBenchCount = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${EXTRACT_BENCH_TABLE}`)
  ).rows[0]?.n;
  const readerWriteError = await errorOf(db.exec('DELETE FROM users'));
  await db.close();

  // The role exists already, so this seed fails at its last step and must leave no table.
  const failing = await PGlite.create();
  await failing.exec('CREATE ROLE lake_reader');
  const failedSeedError = await errorOf(
    seedSourceDatabase(failing, { username: 'lake_reader', password: 'pw' }),
  );
  const tablesAfterFailure = (
    await failing.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
  ).rows;
  await failing.close();

  return {
    expected,
    counts,
    readerCount,
    readerBenchCount,
    readerWriteError,
    failedSeedError,
    tablesAfterFailure,
  };
}

observe().then((observed) => console.log(JSON.stringify(observed)));
