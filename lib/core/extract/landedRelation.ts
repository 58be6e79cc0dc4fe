import { quoteIdentifier, quoteLiteral } from '../transform';
import type { LandedColumn } from './replicaLanding';

/**
 * DuckDB's CSV read buffer per file: 4 × its default longest line (2 MiB). The default (16 ×) holds
 * 32 MiB per pipe, which with a pipe per thread took the MariaDB extract near the 512 MB Lambda.
 */
const CSV_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * The DuckDB relation over landed CSV files, read as one: `read_csv` with every column VARCHAR (an unquoted
 * empty field is NULL, a quoted `""` the empty string, as PostgreSQL's CSV writes them), then the
 * landing expressions named after the source columns, ready for `buildTransformSql(plan, { relation,
 * path: 'replica' })`. Several files (the extract's pipes) are read in parallel, one thread each.
 *
 * @example
 * ```ts
 * landedRelation(['/tmp/chunk-0.csv', '/tmp/chunk-1.csv'], replicaLanding('postgres', plan.columns));
 * ```
 */
export function landedRelation(files: readonly string[], columns: readonly LandedColumn[]): string {
  const types = columns.map((column) => `${quoteLiteral(column.csvColumn)}: 'VARCHAR'`).join(', ');
  const select = columns.map((column) => `${column.landingSql} AS ${quoteIdentifier(column.source)}`);
  const reader = `read_csv([${files.map(quoteLiteral).join(', ')}], columns = {${types}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, strict_mode = true, buffer_size = ${CSV_BUFFER_BYTES})`;
  return `(SELECT ${select.join(', ')} FROM ${reader}) AS landed`;
}
