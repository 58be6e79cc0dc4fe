import { quoteIdentifier, quoteLiteral } from '../transform';
import { type CsvRead, REPLICA_ROW_LIMITS } from './REPLICA_ROW_LIMITS';
import type { LandedColumn } from './replicaLanding';

/**
 * The DuckDB relation over landed CSV files, read as one: `read_csv` with every column VARCHAR (an unquoted
 * empty field is NULL, a quoted `""` the empty string, as PostgreSQL's CSV writes them), then the
 * landing expressions named after the source columns, ready for `buildTransformSql(plan, { relation,
 * path: 'replica' })`. A `narrow` read (the default) reads several files (the extract's pipes) in
 * parallel, one thread each, with 8 MiB buffers (4 × DuckDB's default line; its default 16 × kept
 * the MariaDB extract near a 512 MB Lambda). A `wide` read takes lines up to 160 MiB with DuckDB's
 * serial reader, for one file (see {@link REPLICA_ROW_LIMITS}).
 *
 * @param read the reader's settings. @default REPLICA_ROW_LIMITS.narrow
 * @example
 * ```ts
 * landedRelation(['/tmp/chunk-0.csv', '/tmp/chunk-1.csv'], replicaLanding('postgres', plan.columns));
 * landedRelation(['/tmp/chunk-0.csv'], replicaLanding('mysql', plan.columns), REPLICA_ROW_LIMITS.wide);
 * ```
 */
export function landedRelation(
  files: readonly string[],
  columns: readonly LandedColumn[],
  read: CsvRead = REPLICA_ROW_LIMITS.narrow,
): string {
  const types = columns.map((column) => `${quoteLiteral(column.csvColumn)}: 'VARCHAR'`).join(', ');
  const select = columns.map((column) => `${column.landingSql} AS ${quoteIdentifier(column.source)}`);
  const reader = `read_csv([${files.map(quoteLiteral).join(', ')}], columns = {${types}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, strict_mode = true, ${readSettings(read)})`;
  return `(SELECT ${select.join(', ')} FROM ${reader}) AS landed`;
}

/** The buffer and line settings of a read. */
function readSettings(read: CsvRead): string {
  const serial = read.serial ? 'parallel = false, ' : '';
  const maxLine = read.maxLineBytes === undefined ? '' : `max_line_size = ${read.maxLineBytes}, `;
  return `${serial}${maxLine}buffer_size = ${read.bufferBytes}`;
}
