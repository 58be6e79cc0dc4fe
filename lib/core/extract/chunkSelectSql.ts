import type { SourceEngine } from '../types';
import { chunkPredicates } from './chunkPredicates';
import type { ExtractChunk } from './ExtractChunk';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';
import type { LandedColumn } from './replicaLanding';
import type { SourceQuery } from './SourceQuery';
import { sourceTableSql } from './sourceTableSql';

/**
 * The SELECT that reads one chunk on the replica: the landed columns' expressions, the chunk's
 * key bounds and incremental window, ordered by the key (a chunk with `all` bounds has no key
 * and no order). Every identifier is quoted for the engine and every value inlined as a checked
 * integer or passed as a parameter (MySQL) / standard literal (PostgreSQL), so neither names nor
 * key values can inject SQL.
 *
 * @example
 * ```ts
 * chunkSelectSql('mysql', { schema: 'marketplace', table: 'users', columns, chunk: { index: 0, bounds: { kind: 'range', column: 'id', from: '1', to: '1000' } } });
 * // { sql: 'SELECT `id`, `email` FROM `marketplace`.`users` WHERE `id` BETWEEN 1 AND 1000 ORDER BY `id`', params: [] }
 * ```
 */
export function chunkSelectSql(
  engine: SourceEngine,
  input: {
    readonly schema: string;
    readonly table: string;
    readonly columns: readonly LandedColumn[];
    readonly chunk: ExtractChunk;
  },
): SourceQuery {
  const params: string[] = [];
  const { chunk } = input;
  const conditions = chunkPredicates(engine, chunk.bounds, chunk.watermark, params);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const order =
    chunk.bounds.kind === 'all' ? '' : ` ORDER BY ${quoteSourceIdentifier(engine, chunk.bounds.column)}`;
  const select = input.columns.map((column) => column.selectSql).join(', ');
  const hexColumns = input.columns.flatMap((column, index) =>
    column.readerEncoding === 'hex' ? [index] : [],
  );
  const hmacColumns = input.columns.flatMap((column, index) =>
    column.readerEncoding === 'hmac' ? [{ index, column: column.source }] : [],
  );
  return {
    sql: `SELECT ${select} FROM ${sourceTableSql(engine, input.schema, input.table)}${where}${order}`,
    params,
    ...(hexColumns.length > 0 ? { hexColumns } : {}),
    ...(hmacColumns.length > 0 ? { hmacColumns } : {}),
  };
}
