/**
 * Defaults of a source's keys that depend on other keys (the engine, the
 * source's defaultMode), in one place so the checks and the normalized config
 * agree on them.
 */

/** Database engine of a source. */
export type Engine = 'mysql' | 'postgres';

/** Extraction mode of a table. */
export type ExtractMode = 'snapshot-export' | 'replica-query' | 'incremental' | 'cdc';

/** The engine's standard port: 3306 for MySQL, 5432 for PostgreSQL. */
export function defaultPort(engine: Engine): number {
  return engine === 'mysql' ? 3306 : 5432;
}

/** The mode a table runs in: its own, else its source's `defaultMode`. */
export function effectiveMode(
  table: { readonly mode?: ExtractMode },
  source: { readonly defaultMode: ExtractMode },
): ExtractMode {
  return table.mode ?? source.defaultMode;
}

/**
 * The schema a table lives in: its own, else `public` on PostgreSQL and the
 * database itself on MySQL (where schema and database are the same thing).
 */
export function effectiveSchema(
  table: { readonly schema?: string },
  source: { readonly engine: Engine; readonly database: string },
): string {
  return table.schema ?? (source.engine === 'postgres' ? 'public' : source.database);
}
