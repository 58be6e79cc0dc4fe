import { quoteIdentifier, quoteLiteral } from '../transform';
import type { LandedColumn } from './replicaLanding';

/**
 * The DuckDB relation over a landed CSV file: `read_csv` with every column VARCHAR (an unquoted
 * empty field is NULL, a quoted `""` the empty string, as PostgreSQL's CSV writes them), then the
 * landing expressions named after the source columns, ready for `buildTransformSql(plan, { relation,
 * path: 'replica' })`.
 *
 * @example
 * ```ts
 * landedRelation('/tmp/chunk.csv', replicaLanding('postgres', plan.columns));
 * ```
 */
export function landedRelation(file: string, columns: readonly LandedColumn[]): string {
  const types = columns.map((column) => `${quoteLiteral(column.csvColumn)}: 'VARCHAR'`).join(', ');
  const select = columns.map((column) => `${column.landingSql} AS ${quoteIdentifier(column.source)}`);
  const reader = `read_csv(${quoteLiteral(file)}, columns = {${types}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, strict_mode = true)`;
  return `(SELECT ${select.join(', ')} FROM ${reader}) AS landed`;
}
