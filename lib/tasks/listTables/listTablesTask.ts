import type { ReplicaReaders } from '../../adapters/database/ReplicaReaders';
import { exportOnlyTargets } from '../../core/export/exportOnlyTargets';
import { listReplicaTables } from '../../pipeline/listReplicaTables';
import { configuredSource } from '../configuredSource';
import type { Task } from '../Task';
import { listTablesEventSchema } from './listTablesEventSchema';
import type { ListTablesSettings } from './listTablesSettingsSchema';

/** What the list-tables task works with. */
export interface ListTablesDeps {
  /** A reader on the replica `settings.REPLICA_HOST` names. */
  readonly replicas: ReplicaReaders;
  readonly settings: ListTablesSettings;
}

/** The tables a run's export is asked for: StartExportTask's `ExportOnly`. */
export interface ListedExportTables {
  readonly exportOnly: string[];
}

/**
 * The snapshot state machine's first step for a source with `includeTables: all`: lists the base
 * tables of the source's database on its read replica and returns the `ExportOnly` entries of the
 * run's export, every table the lake keeps and no other (`exportOnlyTargets`: the config's
 * snapshot-export tables and each found table but `excludeTables`). An excluded table is never
 * named, so the export never writes it.
 *
 * @throws ExportOnlyError when no table is left to export or the list is over StartExportTask's limit
 * @throws ReplicaSessionError when the replica session cannot be opened or dies (retried)
 * @example
 * ```ts
 * await listTablesTask({ config, source: 'service' }, { replicas, settings }); // { exportOnly: ['service.items', 'service.users'] }
 * ```
 */
export const listTablesTask: Task<ListTablesDeps, ListedExportTables> = async (event, deps) => {
  const { config, source: name } = listTablesEventSchema.parse(event);
  const source = configuredSource(config, name, 'the list-tables task input');
  const found = await deps.replicas.withReader(deps.settings.REPLICA_HOST, (reader) =>
    listReplicaTables(reader),
  );
  return { exportOnly: exportOnlyTargets(source, found) };
};
