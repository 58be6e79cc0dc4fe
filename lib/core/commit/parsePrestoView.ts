import { DataLakeError } from '../errors';
import type { CatalogColumn, CatalogView } from './CatalogTable';
import { PRESTO_VIEW_PARAMETERS, type PrestoViewDefinition } from './glueViewInput';

/** What a catalog keeps of a view: Glue's `VIRTUAL_VIEW` fields, engine-neutral. */
export interface StoredView {
  readonly name: string;
  /** `/* Presto View: <base64 of the definition> *\/`, as `glueViewInput` writes it. */
  readonly viewOriginalText: string;
  /** The view's columns with Hive types (the storage descriptor's). */
  readonly columns: readonly CatalogColumn[];
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * The {@link CatalogView} a Presto (Athena) view in Glue stands for: the inverse of
 * `glueViewInput`, so the commit can compare the view readers see with the one it would write.
 * Athena's own parameters (`presto_view`, `comment`) are left out.
 *
 * @throws DataLakeError naming the view when its text is not a Presto view definition
 * @example
 * ```ts
 * parsePrestoView({ name: 'users', viewOriginalText: input.ViewOriginalText, columns, parameters: input.Parameters });
 * ```
 */
export function parsePrestoView(stored: StoredView): CatalogView {
  const encoded = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(stored.viewOriginalText)?.[1];
  let definition: PrestoViewDefinition | undefined;
  try {
    definition =
      encoded === undefined
        ? undefined
        : (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as PrestoViewDefinition);
  } catch {
    definition = undefined;
  }
  if (typeof definition?.originalSql !== 'string' || typeof definition.schema !== 'string') {
    throw new DataLakeError(
      `View ${stored.name}: its ViewOriginalText is not a Presto view definition; allowed: "/* Presto View: <base64 JSON with originalSql and schema> */"`,
    );
  }
  const parameters = Object.fromEntries(
    Object.entries(stored.parameters).filter(([key]) => !(key in PRESTO_VIEW_PARAMETERS)),
  );
  return {
    name: stored.name,
    database: definition.schema,
    sql: definition.originalSql,
    columns: stored.columns.map((column) => ({ name: column.name, type: column.type })),
    ...(Object.keys(parameters).length === 0 ? {} : { parameters }),
  };
}
