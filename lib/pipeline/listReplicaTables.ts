import type { ReplicaReader } from '../adapters/database';
import type { FoundTable } from '../core/pipeline/plan/unlistedTables';
import { SOURCE_TABLES_SQL } from '../core/types';

/**
 * The base tables of the replica's database, ordered, as `includeTables: all` finds them.
 *
 * @example
 * ```ts
 * await listReplicaTables(reader); // [{ schema: 'public', table: 'payments' }, …]
 * ```
 */
export async function listReplicaTables(reader: ReplicaReader): Promise<FoundTable[]> {
  const rows = await reader.query({ sql: SOURCE_TABLES_SQL[reader.engine], params: [] });
  return rows.map((row) => ({ schema: String(row.schema), table: String(row.name) }));
}
