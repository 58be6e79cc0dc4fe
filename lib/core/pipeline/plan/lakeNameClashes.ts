import { catalogNames } from '../../commit/catalogNames';

/** A source table, by schema and name as the database spells them. */
export interface SourceTableName {
  readonly schema: string;
  readonly table: string;
}

/** Two source tables the lake would publish under one catalog name. */
export interface LakeNameClash {
  /** The table that claims the name first, in the order given. */
  readonly first: SourceTableName;
  /** The table whose catalog object has a name `first` already owns. */
  readonly second: SourceTableName;
  /** The catalog name both would own, as Glue keeps it (lower case). */
  readonly lakeName: string;
}

/** The catalog names a curated table owns in its source's Glue database (see `catalogNames`). */
function ownedNames(table: string): string[] {
  const names = catalogNames(table);
  return [names.view, names.latest, names.deltas];
}

/**
 * The pairs of tables of one source whose catalog objects would share a name. A source's tables
 * share one Glue database and one curated prefix per table name, without the schema; Glue keeps
 * names in lower case and Athena "lowers any upper case names" (Athena user guide, "Name
 * databases, tables, and columns":
 * https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html). So `Users`
 * and `users`, `public.users` and `sales.users`, or a table `orders_latest` and the view
 * `orders_latest` of table `orders` would overwrite each other's data or view.
 *
 * @example
 * ```ts
 * lakeNameClashes([{ schema: 'public', table: 'Users' }, { schema: 'public', table: 'users' }]);
 * // [{ first: { schema: 'public', table: 'Users' }, second: { schema: 'public', table: 'users' }, lakeName: 'users' }]
 * ```
 */
export function lakeNameClashes(tables: readonly SourceTableName[]): LakeNameClash[] {
  const owners = new Map<string, SourceTableName>();
  const clashes: LakeNameClash[] = [];
  for (const table of tables) {
    const names = ownedNames(table.table);
    const taken = names.find((name) => owners.has(name));
    const first = taken === undefined ? undefined : owners.get(taken);
    if (taken !== undefined && first !== undefined) {
      clashes.push({ first, second: table, lakeName: taken });
      continue;
    }
    for (const name of names) owners.set(name, table);
  }
  return clashes;
}

/**
 * `schema.table` as the database spells it, quoted: how errors name a source table.
 *
 * @example
 * ```ts
 * sourceTableLabel({ schema: 'public', table: 'Users' }); // '"public.Users"'
 * ```
 */
export function sourceTableLabel(table: SourceTableName): string {
  return JSON.stringify(`${table.schema}.${table.table}`);
}
