/**
 * A stand-in for `datalake local` holding its catalog: opens the catalog file for writing the
 * way DuckdbCatalog does (attachCatalog, read-write) and keeps it open, commits without a
 * checkpoint so the rows live in the write-ahead log, and answers on stdout. Run as
 * `node -r tsx/cjs test/helpers/holdCatalogOpen.ts <catalog file>`; on stdin, `add <n>` adds n
 * rows to `shop_main.events` and prints `added`; `churn <ms> <pause ms>` commits for that long,
 * a pause apart, each commit 20 rows of `shop_main.batches` tagged with its number and the view
 * `shop_main.last_batch` replaced to show that number, with a CHECKPOINT every 25 commits, then
 * prints `churned <commits>`; closing stdin ends it.
 */
import { createInterface } from 'node:readline';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckdb } from '../../lib/duckdb';
import { attachCatalog } from '../../lib/local/attachCatalog';

async function churn(connection: DuckDBConnection, ms: number, pauseMs: number): Promise<number> {
  const end = Date.now() + ms;
  let batch = 0;
  while (Date.now() < end) {
    batch++;
    await connection.run('BEGIN');
    await connection.run(`INSERT INTO shop_main.batches SELECT ${batch}, repeat('x', 500) FROM range(20)`);
    await connection.run(`CREATE OR REPLACE VIEW shop_main.last_batch AS SELECT ${batch} AS batch`);
    await connection.run('COMMIT');
    if (batch % 25 === 0) await connection.run('CHECKPOINT');
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return batch;
}

async function main(file: string): Promise<void> {
  const duckdb = await openDuckdb({ threads: 1 });
  const connection = await duckdb.connect();
  await attachCatalog(connection, file, false);
  await connection.run('CREATE SCHEMA IF NOT EXISTS shop_main');
  await connection.run('CREATE OR REPLACE TABLE shop_main.events AS SELECT range AS id FROM range(3)');
  await connection.run('CREATE OR REPLACE TABLE shop_main.batches (batch INTEGER, pad VARCHAR)');
  await connection.run('CREATE OR REPLACE VIEW shop_main.last_batch AS SELECT 0 AS batch');
  process.stdout.write('holding\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, argument, pause] = line.split(' ');
    if (command === 'add') {
      await connection.run(
        `INSERT INTO shop_main.events SELECT 1000 + range FROM range(${Number(argument)})`,
      );
      process.stdout.write('added\n');
    } else if (command === 'churn') {
      process.stdout.write(`churned ${await churn(connection, Number(argument), Number(pause ?? 0))}\n`);
    }
  }
  process.exit(0);
}

void main(process.argv[2] ?? '');
