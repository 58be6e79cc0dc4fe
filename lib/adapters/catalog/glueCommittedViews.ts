import { type GlueClient, paginateGetTables } from '@aws-sdk/client-glue';
import { RUN_ID_PARAMETER } from '../../core/commit/commitParameters';

/** A view (or a table an earlier version of the lake committed) with the run it shows. */
export interface GlueCommittedView {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * The tables of a Glue database whose parameters name a committed run (`datalake_run_id`):
 * the views analysts query, which each commit switches (GetTables, every page). A database that
 * does not exist yet has none.
 *
 * @example
 * ```ts
 * await glueCommittedViews(new GlueClient({}), 'marketplace_service');
 * // [{ name: 'users', parameters: { datalake_run_id: '20261123T030005Z' } }]
 * ```
 */
export async function glueCommittedViews(glue: GlueClient, database: string): Promise<GlueCommittedView[]> {
  const views: GlueCommittedView[] = [];
  try {
    for await (const page of paginateGetTables({ client: glue }, { DatabaseName: database })) {
      for (const table of page.TableList ?? []) {
        const parameters = table.Parameters ?? {};
        if (table.Name !== undefined && parameters[RUN_ID_PARAMETER] !== undefined)
          views.push({ name: table.Name, parameters });
      }
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'EntityNotFoundException') return [];
    throw error;
  }
  return views;
}
