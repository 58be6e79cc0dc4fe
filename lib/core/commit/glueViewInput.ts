import { athenaTypeToPresto } from './athenaTypeToPresto';
import type { CatalogView } from './CatalogTable';
import type { GlueTableInput } from './GlueInputTypes';

/** The catalog name Athena gives the Glue Data Catalog in a view definition. */
const ATHENA_CATALOG = 'awsdatacatalog';

/** The parameters Athena gives a view it creates; {@link parsePrestoView} leaves them out. */
export const PRESTO_VIEW_PARAMETERS = { presto_view: 'true', comment: 'Presto View' } as const;

/** The definition Athena (Trino) keeps base64-encoded in a Presto view's `ViewOriginalText`. */
export interface PrestoViewDefinition {
  readonly originalSql: string;
  readonly catalog: string;
  readonly schema: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * The Glue `TableInput` of a view Athena reads as if it had run `CREATE VIEW`: a
 * `VIRTUAL_VIEW` with `presto_view=true`, the Trino definition (SQL, catalog, schema, columns
 * with Trino types) base64-encoded in `ViewOriginalText` as `/* Presto View: <base64> *\/`,
 * `ViewExpandedText` `/* Presto View *\/`, and the columns with Hive types in the storage
 * descriptor for Glue and other readers, and the view's own parameters.
 *
 * @example
 * ```ts
 * glueViewInput(curatedView({ database: 'marketplace_service', name: 'users', from: 'users__run_20261123t030005z', columns, partitionKeys: [] }));
 * ```
 */
export function glueViewInput(view: CatalogView): GlueTableInput {
  const definition: PrestoViewDefinition = {
    originalSql: view.sql,
    catalog: ATHENA_CATALOG,
    schema: view.database,
    columns: view.columns.map((column) => ({ name: column.name, type: athenaTypeToPresto(column.type) })),
  };
  const encoded = Buffer.from(JSON.stringify(definition), 'utf8').toString('base64');
  return {
    Name: view.name,
    TableType: 'VIRTUAL_VIEW',
    Parameters: { ...view.parameters, ...PRESTO_VIEW_PARAMETERS },
    PartitionKeys: [],
    StorageDescriptor: {
      Columns: view.columns.map((column) => ({ Name: column.name, Type: column.type })),
      SerdeInfo: {},
    },
    ViewOriginalText: `/* Presto View: ${encoded} */`,
    ViewExpandedText: '/* Presto View */',
  };
}
