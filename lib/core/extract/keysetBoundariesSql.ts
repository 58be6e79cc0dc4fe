import { DataLakeError } from '../errors';
import type { SourceEngine } from '../types';
import { chunkPredicates } from './chunkPredicates';
import type { WatermarkWindow } from './ExtractChunk';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';
import type { SourceQuery } from './SourceQuery';
import { sourceTableSql } from './sourceTableSql';

/**
 * Every `chunkSize`-th key of a table in key order (column `boundary`), from one pass over the
 * primary key index with `ROW_NUMBER()` (MySQL 8, MariaDB 10.2 and PostgreSQL all have it):
 * the keyset boundaries of {@link keysetChunks}.
 *
 * @throws DataLakeError for a chunk size that is not a positive integer
 * @example
 * ```ts
 * keysetBoundariesSql('mysql', { schema: 'marketplace', table: 'users', key: 'id', chunkSize: 1000 }).sql;
 * ```
 */
export function keysetBoundariesSql(
  engine: SourceEngine,
  input: {
    readonly schema: string;
    readonly table: string;
    readonly key: string;
    readonly chunkSize: number;
    /** @default - the whole table */
    readonly watermark?: WatermarkWindow;
  },
): SourceQuery {
  if (!Number.isInteger(input.chunkSize) || input.chunkSize < 1) {
    throw new DataLakeError(
      `Invalid chunkSize: received ${input.chunkSize}; allowed: an integer of at least 1`,
    );
  }
  const params: string[] = [];
  const conditions = chunkPredicates(engine, { kind: 'all' }, input.watermark, params);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const key = quoteSourceIdentifier(engine, input.key);
  const numbered = `SELECT ${key} AS boundary, ROW_NUMBER() OVER (ORDER BY ${key}) AS rn FROM ${sourceTableSql(engine, input.schema, input.table)}${where}`;
  return {
    sql: `SELECT boundary FROM (${numbered}) AS numbered WHERE MOD(rn, ${input.chunkSize}) = 0 ORDER BY rn`,
    params,
  };
}
