import type { SourceEngine } from '../types';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';

/**
 * A table reference for the source engine, `schema.table`, each part quoted.
 *
 * @example
 * ```ts
 * sourceTableSql('mysql', 'marketplace', 'users'); // '`marketplace`.`users`'
 * ```
 */
export function sourceTableSql(engine: SourceEngine, schema: string, table: string): string {
  return `${quoteSourceIdentifier(engine, schema)}.${quoteSourceIdentifier(engine, table)}`;
}
