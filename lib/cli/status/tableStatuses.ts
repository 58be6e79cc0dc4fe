import type { DataLakeConfig } from '../../config';
import { catalogNames } from '../../core/commit/catalogNames';
import { sourceDatabaseName } from '../../core/naming';
import { committedAsOf, tableFreshness } from '../../core/status';
import type { TableStatus } from './StatusReport';

/** A catalog view with its parameters, as the commit left it. */
export interface CommittedView {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Lists the views of one Glue database (or local catalog schema) that a commit switched to a run. */
export type CommittedViews = (database: string) => Promise<readonly CommittedView[]>;

/**
 * The freshness of every committed table of every source against its SLO: the tables are the
 * views of the source's database whose parameters name a committed run (see `committedAsOf`),
 * the SLO the table's `freshnessSloSeconds` in the config, or its source's for a table the config
 * does not list (`includeTables: all`).
 *
 * @example
 * ```ts
 * await tableStatuses(config, glueCommittedViews(new GlueClient({})), new Date());
 * // [{ source: 'service', table: 'users', runId: '20261123T030005Z', ageSeconds: 10800, sloSeconds: 93600, withinSlo: true, … }]
 * ```
 */
export async function tableStatuses(
  config: DataLakeConfig,
  views: CommittedViews,
  now: Date,
): Promise<TableStatus[]> {
  const statuses: TableStatus[] = [];
  for (const source of config.sources) {
    const committed = await views(sourceDatabaseName(config.name, source.name));
    for (const view of [...committed].sort((a, b) => a.name.localeCompare(b.name))) {
      const asOf = committedAsOf(view.parameters);
      if (asOf === undefined) continue;
      const configured = source.tables.find((table) => catalogNames(table.name).view === view.name);
      const slo = configured?.freshnessSloSeconds ?? source.freshnessSloSeconds;
      statuses.push({ source: source.name, table: view.name, ...tableFreshness(asOf, slo, now) });
    }
  }
  return statuses;
}
