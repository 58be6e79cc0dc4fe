import type { SourceEngine } from '../types';
import { chunkPredicates } from './chunkPredicates';
import type { WatermarkWindow } from './ExtractChunk';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';
import type { SourceQuery } from './SourceQuery';
import { sourceTableSql } from './sourceTableSql';

/**
 * The row count and key span of a table (or of an incremental window of it): one row with
 * `row_count`, `min_key` and `max_key` (NULL without a key or rows).
 *
 * @example
 * ```ts
 * tableStatsSql('postgres', { schema: 'public', table: 'payments', key: 'id' }).sql;
 * // 'SELECT COUNT(*) AS row_count, MIN("id") AS min_key, MAX("id") AS max_key FROM "public"."payments"'
 * ```
 */
export function tableStatsSql(
  engine: SourceEngine,
  input: {
    readonly schema: string;
    readonly table: string;
    /** @default - no key: min_key and max_key are NULL */
    readonly key?: string;
    /** @default - the whole table */
    readonly watermark?: WatermarkWindow;
  },
): SourceQuery {
  const params: string[] = [];
  const conditions = chunkPredicates(engine, { kind: 'all' }, input.watermark, params);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const key = input.key === undefined ? undefined : quoteSourceIdentifier(engine, input.key);
  const span =
    key === undefined ? 'NULL AS min_key, NULL AS max_key' : `MIN(${key}) AS min_key, MAX(${key}) AS max_key`;
  return {
    sql: `SELECT COUNT(*) AS row_count, ${span} FROM ${sourceTableSql(engine, input.schema, input.table)}${where}`,
    params,
  };
}
