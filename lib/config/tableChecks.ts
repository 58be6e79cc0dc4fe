import type * as z from 'zod';
import { isDropRule, type ParsedColumnRule } from './columnRule';
import { type ParsedPartitionSpec, partitionColumn } from './partitionSpec';

/** The parts of a table that its own checks read. */
export interface CheckedTable {
  readonly columns: Record<string, ParsedColumnRule>;
  readonly partitionBy: readonly ParsedPartitionSpec[];
}

/** The new name a rule gives its column, if any. */
function renameOf(rule: ParsedColumnRule): string | undefined {
  return rule === 'drop' ? undefined : rule.rename;
}

/**
 * Checks of one table that need several of its keys: two kept columns must not
 * end up with the same curated name, and a partition column must not be dropped.
 * Issues are added to `ctx` with paths relative to the table.
 */
export function checkTable(table: CheckedTable, ctx: z.RefinementCtx): void {
  const owners = new Map<string, string>();
  const kept = Object.entries(table.columns).filter(([, rule]) => !isDropRule(rule));
  // Columns keeping their name claim it first, so the error lands on the rename.
  const ordered = [...kept].sort(
    ([, a], [, b]) => Number(renameOf(a) !== undefined) - Number(renameOf(b) !== undefined),
  );
  for (const [column, rule] of ordered) {
    const rename = renameOf(rule);
    // Glue folds column names to lower case, so `Email` and `email` collide.
    const name = rename ?? column.toLowerCase();
    const owner = owners.get(name);
    if (owner !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: rename === undefined ? ['columns', column] : ['columns', column, 'rename'],
        message: `received ${JSON.stringify(name)}, which column ${JSON.stringify(owner)} already has in the curated table; allowed: a name no other kept column has`,
      });
    } else {
      owners.set(name, column);
    }
  }
  table.partitionBy.forEach((spec, index) => {
    const column = partitionColumn(spec);
    const rule = table.columns[column];
    if (rule !== undefined && isDropRule(rule)) {
      ctx.addIssue({
        code: 'custom',
        path: typeof spec === 'string' ? ['partitionBy', index] : ['partitionBy', index, 'column'],
        message: `received ${JSON.stringify(column)}, which columns.${column} drops; allowed: a column that is kept`,
      });
    }
  });
}
