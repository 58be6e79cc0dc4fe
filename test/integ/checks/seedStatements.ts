import type { DemoTable } from '../../../lib/local/demo/demoMarketplace';

/** One parameterized INSERT of the seed: `$n` placeholders and their values. */
export interface SeedStatement {
  readonly text: string;
  readonly values: readonly (string | number | boolean | null)[];
}

/**
 * PostgreSQL takes at most 65,535 bind parameters per statement (its protocol's Int16 count), so a
 * batch holds `floor(65535 / columns)` rows at most; 500 rows stay far below for every demo table.
 */
const MAX_BIND_PARAMETERS = 65_535;

/**
 * The INSERT statements that fill `tables` (in their order, which is foreign-key order), `batch`
 * rows per statement, with bound values: the driver sends them apart from the SQL, so no value is
 * ever quoted into it.
 *
 * @example
 * ```ts
 * seedStatements([{ name: 'users', columns: ['id', 'email'], rows: [[1, 'a@example.com']] }]);
 * // [{ text: 'INSERT INTO users (id, email) VALUES ($1, $2)', values: [1, 'a@example.com'] }]
 * ```
 */
export function seedStatements(tables: readonly DemoTable[], batch = 500): SeedStatement[] {
  const statements: SeedStatement[] = [];
  for (const table of tables) {
    const rowsPerStatement = Math.min(batch, Math.floor(MAX_BIND_PARAMETERS / table.columns.length));
    for (let start = 0; start < table.rows.length; start += rowsPerStatement) {
      const rows = table.rows.slice(start, start + rowsPerStatement);
      const tuples = rows.map((_, row) => {
        const first = row * table.columns.length;
        return `(${table.columns.map((_, column) => `$${first + column + 1}`).join(', ')})`;
      });
      statements.push({
        text: `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        values: rows.flat(),
      });
    }
  }
  return statements;
}
