import type { SourceEngine } from '../types';

/** One table of a source as the export names it. */
export interface ExportTableRef {
  readonly engine: SourceEngine;
  /** Database inside the instance or cluster. */
  readonly database: string;
  /** PostgreSQL schema; on MySQL the database itself. */
  readonly schema: string;
  readonly table: string;
}

/**
 * The export's name of a table, as `ExportOnly` takes it and `perTableStatus[].target` reports
 * it: `database.table` on MySQL, `database.schema.table` on PostgreSQL.
 *
 * @example
 * ```ts
 * exportTarget({ engine: 'mysql', database: 'service', schema: 'service', table: 'users' }); // 'service.users'
 * exportTarget({ engine: 'postgres', database: 'payments', schema: 'public', table: 'refunds' }); // 'payments.public.refunds'
 * ```
 */
export function exportTarget(ref: ExportTableRef): string {
  return ref.engine === 'mysql'
    ? `${ref.database}.${ref.table}`
    : `${ref.database}.${ref.schema}.${ref.table}`;
}

/**
 * The table a `perTableStatus[].target` names, or `undefined` when the target is not a table of
 * that engine (a database-level warning names only the database).
 *
 * @example
 * ```ts
 * parseExportTarget('payments.public.refunds', 'postgres'); // { engine: 'postgres', database: 'payments', schema: 'public', table: 'refunds' }
 * parseExportTarget('payments', 'postgres'); // undefined
 * ```
 */
export function parseExportTarget(target: string, engine: SourceEngine): ExportTableRef | undefined {
  const parts = target.split('.');
  if (engine === 'mysql' && parts.length === 2) {
    const [database = '', table = ''] = parts;
    return { engine, database, schema: database, table };
  }
  if (engine === 'postgres' && parts.length === 3) {
    const [database = '', schema = '', table = ''] = parts;
    return { engine, database, schema, table };
  }
  return undefined;
}
