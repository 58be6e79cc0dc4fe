import type { PGlite } from '@electric-sql/pglite';
import { inBatches } from '../../core/inBatches';
import { DEMO_SCHEMA_SQL } from './DEMO_SCHEMA_SQL';
import { demoMarketplace } from './demoMarketplace';

/** Rows per INSERT statement. */
const BATCH = 500;

function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

/**
 * Creates the demo marketplace's tables in `db` and fills them with {@link demoMarketplace}'s
 * rows, in foreign-key order.
 *
 * @example
 * ```ts
 * const db = await PGlite.create();
 * await seedDemoMarketplace(db);
 * ```
 */
export async function seedDemoMarketplace(db: PGlite): Promise<void> {
  await db.exec(DEMO_SCHEMA_SQL);
  for (const table of demoMarketplace()) {
    for (const batch of inBatches(table.rows, BATCH)) {
      const values = batch.map((row) => `(${row.map(literal).join(', ')})`).join(',\n');
      await db.exec(`INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES\n${values};`);
    }
  }
}
