/** A table the DMS replication captures: where it lives and the columns that must never leave the database. */
export interface CapturedTable {
  readonly schema: string;
  readonly name: string;
  /** Source column names the config drops; DMS removes them before anything is written. */
  readonly droppedColumns: readonly string[];
}

/** One rule of a DMS table mapping, as the JSON the API takes. */
export type DmsMappingRule = Readonly<Record<string, unknown>>;

/** The table mapping document of a replication (`TableMappings`). */
export interface DmsTableMappings {
  readonly rules: readonly DmsMappingRule[];
}

/**
 * A schema or table name as a DMS object locator that matches that name only. In table mappings
 * `%` matches any characters, `_` any single character and `[_]` a literal underscore ("Wildcards
 * in table mapping", AWS DMS User Guide), so `order_items` unescaped would also select
 * `orderXitems`. The lake's names are SQL identifiers (letters, digits, `_`): `_` is the only
 * wildcard they can hold.
 */
export function exactLocatorName(name: string): string {
  return name.replaceAll('_', '[_]');
}

/**
 * The table mappings of a source's DMS replication: one `include` selection rule per captured
 * table, naming it exactly, and one `remove-column` transformation per dropped column, so a
 * dropped column never reaches the raw bucket ("Transformation rules and actions", AWS DMS User
 * Guide). Column names are given as written: the page documents the wildcards for schema and table
 * names only, and transformation rules compare names case-sensitively.
 *
 * @example
 * ```ts
 * dmsTableMappings([{ schema: 'service', name: 'users', droppedColumns: ['password_hash'] }]);
 * // { rules: [
 * //   { 'rule-type': 'selection', 'rule-id': '1', 'rule-name': '1', 'rule-action': 'include',
 * //     'object-locator': { 'schema-name': 'service', 'table-name': 'users' } },
 * //   { 'rule-type': 'transformation', 'rule-id': '2', 'rule-name': '2',
 * //     'rule-action': 'remove-column', 'rule-target': 'column',
 * //     'object-locator': { 'schema-name': 'service', 'table-name': 'users', 'column-name': 'password_hash' } } ] }
 * ```
 */
export function dmsTableMappings(tables: readonly CapturedTable[]): DmsTableMappings {
  const rules: DmsMappingRule[] = [];
  // Rule ids and names are the rule's position, as in every example of the guide: a rule name is
  // documented as alphanumeric only, so the table's name cannot be part of it.
  const nextId = () => String(rules.length + 1);
  for (const table of tables) {
    const locator = {
      'schema-name': exactLocatorName(table.schema),
      'table-name': exactLocatorName(table.name),
    };
    const id = nextId();
    rules.push({
      'rule-type': 'selection',
      'rule-id': id,
      'rule-name': id,
      'rule-action': 'include',
      'object-locator': locator,
    });
    for (const column of table.droppedColumns) {
      const columnRuleId = nextId();
      rules.push({
        'rule-type': 'transformation',
        'rule-id': columnRuleId,
        'rule-name': columnRuleId,
        'rule-action': 'remove-column',
        'rule-target': 'column',
        'object-locator': { ...locator, 'column-name': column },
      });
    }
  }
  return { rules };
}
