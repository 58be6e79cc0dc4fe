import type { PlannedColumn } from '../pipeline';
import type { SourceEngine } from '../types';
import { chunkSelectSql } from './chunkSelectSql';
import type { ExtractChunk } from './ExtractChunk';
import { type LandedColumn, replicaLanding } from './replicaLanding';
import type { SourceQuery } from './SourceQuery';

/**
 * How a chunk of a planned table is read from the replica: the columns as they land (see
 * `replicaLanding`) and the SELECT of the chunk's rows (see `chunkSelectSql`). The extract reads a
 * chunk with it, and reads it once more the same way to find a failing row's key.
 *
 * @example
 * ```ts
 * const { landing, query } = landedChunkQuery('mysql', plan, chunk);
 * ```
 */
export function landedChunkQuery(
  engine: SourceEngine,
  plan: { readonly schema: string; readonly table: string; readonly columns: readonly PlannedColumn[] },
  chunk: ExtractChunk,
): { readonly landing: readonly LandedColumn[]; readonly query: SourceQuery } {
  const landing = replicaLanding(engine, plan.columns);
  return {
    landing,
    query: chunkSelectSql(engine, { schema: plan.schema, table: plan.table, columns: landing, chunk }),
  };
}
