import * as z from 'zod';
import type { AthenaQueryRunner } from '../../../lib/adapters/athena';
import { archivedEventCountSql, rowCountSql } from './rowCountSql';
import { rowCounts } from './rowCounts';

/** What the check asks the count function: curated tables of a source, or a stream's archive. */
export const countRowsEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tables'), database: z.string(), tables: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal('events'), database: z.string(), table: z.string() }),
]);

/** The event of {@link countRowsTask}. */
export type CountRowsEvent = z.infer<typeof countRowsEventSchema>;

/** What {@link countRowsTask} runs with. */
export interface CountRowsDeps {
  readonly runner: Pick<AthenaQueryRunner, 'run'>;
  /** The lake's Athena workgroup. */
  readonly workGroup: string;
  /** The clock; archived events are counted from the day before it (a run may cross midnight). */
  readonly now: () => Date;
}

const DAY_MS = 86_400_000;

/**
 * Counts rows in Athena for the integ check: `{ counts: { <table>: <rows> } }`. The check's
 * assertion compares that with the seed's counts and calls again until they match or time runs
 * out, so every call runs a fresh query (events keep arriving until Firehose's buffer flushes).
 *
 * @example
 * ```ts
 * await countRowsTask({ kind: 'tables', database: 'dlinteg_marketplace', tables: ['users'] }, deps);
 * // { counts: { users: 400 } }
 * ```
 */
export async function countRowsTask(
  event: unknown,
  deps: CountRowsDeps,
): Promise<{ counts: Record<string, number> }> {
  const request = countRowsEventSchema.parse(event);
  const sql =
    request.kind === 'tables'
      ? rowCountSql(request.database, request.tables)
      : archivedEventCountSql(request.database, request.table, new Date(deps.now().getTime() - DAY_MS));
  const result = await deps.runner.run(sql, { workGroup: deps.workGroup });
  return { counts: rowCounts(result) };
}
