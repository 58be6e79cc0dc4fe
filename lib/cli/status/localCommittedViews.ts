import { existsSync } from 'node:fs';
import { catalogNames } from '../../core/commit/catalogNames';
import { DuckdbCatalog } from '../../local/DuckdbCatalog';
import type { LocalLakePaths } from '../../local/localCatalogPaths';
import type { LoggedRun } from '../../local/runLog';
import { snapshotCatalog } from '../../local/snapshotCatalog';
import type { CommittedView } from './tableStatuses';

/**
 * The committed views of a local lake, per catalog schema, for `tableStatuses`: each table the
 * run log names, read from a copy of the local catalog (so it works while `datalake local` writes
 * it, as `query --local` does); none before the first commit made the catalog. Call `close` when
 * done.
 *
 * @example
 * ```ts
 * const local = await localCommittedViews(localLakePaths('.local/lake'), runs);
 * try { await tableStatuses(config, local.views, new Date()); } finally { await local.close(); }
 * ```
 */
export async function localCommittedViews(
  paths: LocalLakePaths,
  runs: readonly LoggedRun[],
): Promise<{ views: (database: string) => Promise<CommittedView[]>; close: () => Promise<void> }> {
  if (!existsSync(paths.catalogFile)) return { views: async () => [], close: async () => undefined };
  const snapshot = await snapshotCatalog(paths.catalogFile);
  const catalog = await DuckdbCatalog.open({ file: snapshot.file, bucketsRoot: paths.buckets });
  const tables = [
    ...new Set(runs.flatMap((run) => run.tables.map((table) => catalogNames(table.table).view))),
  ];
  return {
    views: async (database) => {
      const views: CommittedView[] = [];
      for (const name of tables) {
        const view = await catalog.getView(database, name);
        if (view?.parameters !== undefined) views.push({ name, parameters: view.parameters });
      }
      return views;
    },
    close: async () => {
      catalog.close();
      await snapshot.dispose();
    },
  };
}
