import { DMS_CHANGE_FORMAT } from '../../core/cdc/DmsChangeFormat';

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
 * The table mappings of a source's DMS replication ("Transformation rules and actions", AWS DMS User
 * Guide), per captured table:
 * - an `include` selection rule naming it exactly;
 * - an `add-before-image-columns` rule (`column-filter: pk-only`, prefix
 *   `DMS_CHANGE_FORMAT.beforeImagePrefix`): an update row also carries its primary key before the
 *   update, which is how the apply step sees an update of the key (the row itself is the after image);
 * - one `remove-column` rule per dropped column, so a dropped column never reaches the raw bucket.
 * Column names are given as written: the page documents the wildcards for schema and table names
 * only, and transformation rules compare names case-sensitively.
 *
 * @example
 * ```ts
 * dmsTableMappings([{ schema: 'service', name: 'users', droppedColumns: ['password_hash'] }]);
 * // { rules: [
 * //   { 'rule-type': 'selection', 'rule-id': '1', 'rule-name': '1', 'rule-action': 'include',
 * //     'object-locator': { 'schema-name': 'service', 'table-name': 'users' } },
 * //   { 'rule-type': 'transformation', 'rule-id': '2', 'rule-name': '2', 'rule-action': 'add-before-image-columns', … },
 * //   { 'rule-type': 'transformation', 'rule-id': '3', 'rule-name': '3',
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
    const beforeImageRuleId = nextId();
    rules.push({
      'rule-type': 'transformation',
      'rule-id': beforeImageRuleId,
      'rule-name': beforeImageRuleId,
      'rule-action': 'add-before-image-columns',
      'rule-target': 'column',
      'object-locator': locator,
      'before-image-def': {
        'column-prefix': DMS_CHANGE_FORMAT.beforeImagePrefix,
        'column-suffix': '',
        'column-filter': 'pk-only',
      },
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
