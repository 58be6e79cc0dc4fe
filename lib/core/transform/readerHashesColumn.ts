import type { PlannedColumn } from '../pipeline';
import { curatedMapping } from './curatedMapping';

/** Any landed column name: the mapping's conversion is compared on it, not run. */
const PROBE = '"landed"';

/**
 * Whether the replica reader computes a column's `hash` mask itself, as it writes the chunk's
 * CSV, so DuckDB takes the landed value as the curated one. It may only when the mask's input, the
 * curated value's text (`maskSql`), is exactly the text the reader lands: a hash mask, no `cast`,
 * and a type the mapping curates as VARCHAR with no more than a text cast on the replica path
 * (strings, enums, JSON, UUIDs, …). A value the transform checks or converts first (times,
 * intervals, numbers, bytes) stays DuckDB's to hash. The replica landing and the transform's SQL
 * both ask this, so the reader's hash and DuckDB's never both apply, or neither.
 *
 * @example
 * ```ts
 * readerHashesColumn({ source: 'email', output: 'email', sourceType: { engine: 'mysql', dataType: 'varchar' },
 *   athenaType: 'string', duckdbType: 'VARCHAR', mask: { kind: 'hash' } }); // true
 * ```
 */
export function readerHashesColumn(column: PlannedColumn): boolean {
  if (column.mask?.kind !== 'hash' || column.cast !== undefined) return false;
  const mapping = curatedMapping(column);
  return mapping.duckdbType === 'VARCHAR' && mapping.fromReplicaSql(PROBE) === `CAST(${PROBE} AS VARCHAR)`;
}
