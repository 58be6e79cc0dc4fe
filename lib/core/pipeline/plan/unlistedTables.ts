import type { SourceConfig, TableConfig } from '../../../config';
import { tableSchema } from '../../../config/table';
import { ConfigError } from '../../errors';
import { lakeNameClashes, sourceTableLabel } from './lakeNameClashes';

/** A table found in the database, as its catalog or an export lists it. */
export interface FoundTable {
  readonly schema: string;
  readonly table: string;
}

/**
 * The mode tables the config does not list are curated in: the source's `defaultMode` with
 * `includeTables: all`, else `undefined` (only listed tables are curated).
 *
 * @example
 * ```ts
 * unlistedTableMode(source); // 'snapshot-export' for includeTables: all, defaultMode: snapshot-export
 * ```
 */
export function unlistedTableMode(source: SourceConfig): TableConfig['mode'] | undefined {
  return source.includeTables === 'all' ? source.defaultMode : undefined;
}

/**
 * Whether `excludeTables` of the source names the table, by name or as `schema.table`.
 *
 * @example
 * ```ts
 * isExcludedTable(source, 'public', 'audit_log'); // true with excludeTables: [audit_log]
 * ```
 */
export function isExcludedTable(source: SourceConfig, schema: string, table: string): boolean {
  return source.excludeTables.some((reference) => reference === table || reference === `${schema}.${table}`);
}

/**
 * What `includeTables: all` adds to the listed tables: each found table that is neither listed
 * nor excluded, once, with every default (the source's `defaultMode`, no column rules, no
 * partitions). None unless the source has `includeTables: all`.
 *
 * @throws ConfigError naming a found table whose name is not a SQL identifier the lake can
 *   curate, and how to leave it out (`excludeTables`)
 * @example
 * ```ts
 * unlistedTables(source, [{ schema: 'public', table: 'audit' }]); // [{ name: 'audit', mode: 'replica-query', … }]
 * ```
 */
export function unlistedTables(source: SourceConfig, found: readonly FoundTable[]): TableConfig[] {
  const mode = unlistedTableMode(source);
  if (mode === undefined) return [];
  const listed = new Set(source.tables.map((table) => `${table.schema}.${table.name}`));
  const unlisted = found.flatMap(({ schema, table }): TableConfig[] => {
    if (listed.has(`${schema}.${table}`) || isExcludedTable(source, schema, table)) return [];
    listed.add(`${schema}.${table}`);
    const parsed = tableSchema.safeParse({ name: table, schema });
    if (!parsed.success) {
      throw new ConfigError([
        {
          path: `sources.${source.name}.excludeTables`,
          message: `includeTables: all found table ${JSON.stringify(`${schema}.${table}`)}, whose name the lake cannot curate (${parsed.error.issues.map((issue) => issue.message).join('; ')}); allowed: add ${JSON.stringify(table)} to excludeTables`,
        },
      ]);
    }
    return [
      {
        ...parsed.data,
        schema,
        mode,
        columns: {},
        partitionBy: [],
        freshnessSloSeconds: source.freshnessSloSeconds,
      },
    ];
  });
  assertNoLakeNameClash(source, unlisted);
  return unlisted;
}

/**
 * Refuses a found table the lake would publish under the catalog name of another table of the
 * source (listed or found): one would be published with the other's rows. Listed tables clashing
 * with each other are config errors already (`checkSource`).
 *
 * @throws ConfigError naming both tables, the shared name and the table to add to excludeTables
 */
function assertNoLakeNameClash(source: SourceConfig, unlisted: readonly TableConfig[]): void {
  const clashes = lakeNameClashes(
    [...source.tables, ...unlisted].map((table) => ({ schema: table.schema, table: table.name })),
  );
  if (clashes.length === 0) return;
  throw new ConfigError(
    clashes.map(({ first, second, lakeName }) => {
      // `second` is always a found table (listed ones come first); when `first` is listed, it stays.
      const firstListed = source.tables.some(
        (table) => table.schema === first.schema && table.name === first.table,
      );
      const exclude = firstListed
        ? `add ${sourceTableLabel(second)} to excludeTables`
        : `add ${sourceTableLabel(first)} or ${sourceTableLabel(second)} to excludeTables, or list the one to keep in tables and exclude the other`;
      return {
        path: `sources.${source.name}.excludeTables`,
        message: `includeTables: all found ${sourceTableLabel(second)}, which the lake would publish as ${JSON.stringify(lakeName)} like ${firstListed ? 'listed table' : 'found table'} ${sourceTableLabel(first)} (Glue and Athena keep table names in lower case, without the schema); allowed: ${exclude} (there is no table rename)`,
      };
    }),
  );
}
