import type { PlannedColumn } from '../pipeline';
import type { SourceEngine } from '../types';
import { chunkPredicates } from './chunkPredicates';
import type { ExtractChunk } from './ExtractChunk';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';
import type { SourceQuery } from './SourceQuery';
import { sourceTableSql } from './sourceTableSql';
import { sourceValueKind } from './sourceValueKind';

/** The column aliases of a {@link rowSizesSql} row: key values `k0…`, value sizes `s0…`. */
export const ROW_SIZE_ALIASES = { key: (index: number) => `k${index}`, size: (index: number) => `s${index}` };

/**
 * The statement that finds a chunk's largest row: its key values as text and each planned column's
 * size in bytes (MySQL `LENGTH`, PostgreSQL `octet_length` of bytea or of the value's text), the row
 * with the largest total first. Run only after a chunk failed on a row too long to read, to name the
 * row and the columns that made it so; it reads no value, only sizes and the key.
 *
 * @example
 * ```ts
 * rowSizesSql('mysql', { schema: 'shop', table: 'files', columns: plan.columns, keyColumns: ['id'], chunk });
 * // { sql: 'SELECT CAST(`id` AS CHAR) AS k0, LENGTH(`body`) AS s0 FROM `shop`.`files` WHERE … ORDER BY COALESCE(LENGTH(`body`), 0) DESC LIMIT 1', params: […] }
 * ```
 */
export function rowSizesSql(
  engine: SourceEngine,
  input: {
    readonly schema: string;
    readonly table: string;
    readonly columns: readonly PlannedColumn[];
    /** Source names of the key columns to report. */
    readonly keyColumns: readonly string[];
    readonly chunk: ExtractChunk;
  },
): SourceQuery {
  const params: string[] = [];
  const conditions = chunkPredicates(engine, input.chunk.bounds, input.chunk.watermark, params);
  const sizes = input.columns.map((column) => sizeSql(engine, column));
  const keys = input.keyColumns.map((key, index) => {
    const quoted = quoteSourceIdentifier(engine, key);
    const text = engine === 'mysql' ? `CAST(${quoted} AS CHAR)` : `${quoted}::text`;
    return `${text} AS ${ROW_SIZE_ALIASES.key(index)}`;
  });
  const select = [...keys, ...sizes.map((size, index) => `${size} AS ${ROW_SIZE_ALIASES.size(index)}`)];
  const total = sizes.map((size) => `COALESCE(${size}, 0)`).join(' + ');
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return {
    sql: `SELECT ${select.join(', ')} FROM ${sourceTableSql(engine, input.schema, input.table)}${where} ORDER BY ${total || '1'} DESC LIMIT 1`,
    params,
  };
}

/** A column's value size in bytes on the source. */
function sizeSql(engine: SourceEngine, column: PlannedColumn): string {
  const quoted = quoteSourceIdentifier(engine, column.source);
  if (engine === 'mysql') return `LENGTH(${quoted})`;
  const bytes = sourceValueKind({ ...column.sourceType, column: column.source }) === 'bytes';
  return bytes ? `octet_length(${quoted})` : `octet_length(${quoted}::text)`;
}
