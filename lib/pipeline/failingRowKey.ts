import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ReplicaReader } from '../adapters/database';
import { type ExtractChunk, landedChunkQuery, landedRelation, REPLICA_ROW_LIMITS } from '../core/extract';
import type { TablePlan } from '../core/pipeline';
import {
  CHECK_FAILED_MACRO_SQL,
  FAILING_KEY_ALIAS,
  failingRowSql,
  type TransformInputPath,
} from '../core/transform';
import { queryRows, withConnection } from '../duckdb';
import { CsvPipeFanOut } from './CsvPipeFanOut';
import { createCsvPipe } from './createCsvPipe';

/** Where {@link failingRowKey} looks, and by what it names the row. */
export interface FailingRowSearch {
  /** The relation the transform read, inlined as is. */
  readonly relation: string;
  readonly path: TransformInputPath;
  /** Columns of `relation` that name a row: the key's source names, or a row number. */
  readonly keyColumns: readonly string[];
  /** How the row is named: `key` (`key id = "30"`) or `row number` (`row 2 of the part`). */
  readonly naming: 'key' | 'row number';
}

/**
 * The row whose value of the plan's column at `column` does not convert first, as text for an
 * error (`key id = "30"`, or `row 2 of the part` when the plan knows no key), found by one more
 * query over the relation the transform read ({@link failingRowSql}); when it cannot be found, why.
 * Key columns come from the plan's primary key, which the plan keeps only when no key column is
 * masked or dropped, or from the chunk's key, so no masked value is shown.
 *
 * @example
 * ```ts
 * await failingRowKey(duckdb, plan, { relation, path: 'export', keyColumns: ['id'], naming: 'key' }, 1);
 * // 'key id = "30"'
 * ```
 */
export async function failingRowKey(
  duckdb: DuckDBInstance,
  plan: TablePlan,
  search: FailingRowSearch,
  column: number,
): Promise<string> {
  if (search.keyColumns.length === 0) return 'row unknown: the table has no primary key the plan keeps';
  let rows: Record<string, unknown>[];
  try {
    rows = await withConnection(duckdb, async (connection) => {
      await queryRows(connection, CHECK_FAILED_MACRO_SQL);
      return queryRows(connection, failingRowSql(plan, search, column, search.keyColumns));
    });
  } catch {
    return 'row unknown: the query that looks for it failed too';
  }
  const [row] = rows;
  if (row === undefined) return 'row unknown: no row failed when tried again';
  if (search.naming === 'row number') return `row ${String(row[FAILING_KEY_ALIAS(0)])} of the part, from 0`;
  const values = search.keyColumns.map(
    (key, index) => `${key} = ${JSON.stringify(row[FAILING_KEY_ALIAS(index)] ?? null)}`,
  );
  return `key ${values.join(', ')}`;
}

/**
 * {@link failingRowKey} for a replica chunk, whose landed CSV is gone: the chunk is read once more
 * from the replica into one pipe, serially with wide buffers, and the query stops the stream as
 * soon as it has its row. The row is named by the plan's primary key, else the chunk's key column.
 */
export async function replicaFailingRowKey(
  deps: { readonly reader: ReplicaReader; readonly duckdb: DuckDBInstance; readonly salt: string },
  plan: TablePlan,
  chunk: ExtractChunk,
  work: string,
  column: number,
): Promise<string> {
  const { landing, query } = landedChunkQuery(deps.reader.engine, plan, chunk);
  const planned = planKeyColumns(plan);
  const keyColumns = planned.length > 0 || chunk.bounds.kind === 'all' ? planned : [chunk.bounds.column];
  // The landed relation holds only the plan's columns: a key column the plan left out cannot name the row.
  const landed = keyColumns.every((key) => plan.columns.some((planColumn) => planColumn.source === key));
  const fifo = join(work, 'failing-row.csv');
  await createCsvPipe(fifo);
  const abort = new AbortController();
  let settled = false;
  const finding = failingRowKey(
    deps.duckdb,
    plan,
    {
      relation: landedRelation([fifo], landing, REPLICA_ROW_LIMITS.wide),
      path: 'replica',
      keyColumns: landed ? keyColumns : [],
      naming: 'key',
    },
    column,
  ).finally(() => {
    settled = true;
    abort.abort();
  });
  const target = new CsvPipeFanOut([fifo], { gaveUp: () => settled });
  // The stream ends early on purpose (the query has its row, or failed): its error is not the story.
  const sending = deps.reader
    .copyToCsv(query, target, { signal: abort.signal, maskKey: deps.salt })
    .catch(() => 0)
    .finally(() => target.destroy());
  const [found] = await Promise.all([finding, sending]);
  return found;
}

/**
 * Source names of the plan's primary key columns; none when the plan keeps no key.
 *
 * @example
 * ```ts
 * planKeyColumns(plan); // ['id']
 * ```
 */
export function planKeyColumns(plan: TablePlan): string[] {
  return (plan.primaryKey ?? []).flatMap(
    (output) => plan.columns.find((column) => column.output === output)?.source ?? [],
  );
}
