import type { Catalog } from '../../adapters/catalog';
import type { ReplicaReaders } from '../../adapters/database/ReplicaReaders';
import { effectiveMode } from '../../config/sourceDefaults';
import { catalogNames, RUN_ID_PARAMETER } from '../../core/commit';
import { DataLakeError } from '../../core/errors';
import { planTable, type TablePlan } from '../../core/pipeline';
import { catalogKnownColumns } from '../../pipeline/catalogKnownColumns';
import { configuredSource } from '../configuredSource';
import type { Task } from '../Task';
import { cdcPlanEventSchema } from './cdcPlanEventSchema';
import type { CdcPlanSettings } from './cdcPlanSettingsSchema';

/** What the cdc plan task works with. */
export interface CdcPlanDeps {
  /** Readers on the replicas `settings.REPLICA_HOSTS` names. */
  readonly replicas: ReplicaReaders;
  /** The lake's catalog: the columns the table's last version had, and the run its view shows. */
  readonly catalog: Catalog;
  readonly settings: CdcPlanSettings;
}

/** One cdc table planned: what the apply state takes. */
export interface CdcTablePlan {
  /** The next version's plan (mode `cdc`, with the primary key `<table>_latest` keeps the newest version of). */
  readonly plan: TablePlan;
  /**
   * The run readers see now (its view's `datalake_run_id`): the version the changes apply on.
   *
   * @default - nothing committed yet: the first apply starts from an empty table
   */
  readonly baseRunId?: string;
}

/**
 * The plan state of the cdc apply state machine, per table: reads the table's columns and primary
 * key on the first replica (the same catalog queries as the replica path's plan; a replica has the
 * primary's schema), plans its curated columns as every path does (`planTable`: drops, masks,
 * casts, the `newColumns` policy against the columns its last version had) and returns the plan
 * with the run its view shows, which the apply reads its position from.
 *
 * @throws DataLakeError when the table is not one of the source's `cdc` tables, has no columns on
 *   the replica (it does not exist) or no primary key (DMS changes are applied per key)
 * @throws UnknownColumnError, NewColumnsError, TypeMappingError as `planTable` does
 * @example
 * ```ts
 * await cdcPlanTask({ config, source: 'service', table: 'offers', runId: '20261207T150000Z' }, deps);
 * // { plan: { table: 'offers', mode: 'cdc', primaryKey: ['id'], … }, baseRunId: '20261207T144500Z' }
 * ```
 */
export const cdcPlanTask: Task<CdcPlanDeps, CdcTablePlan> = async (event, deps) => {
  const parsed = cdcPlanEventSchema.parse(event);
  const { settings } = deps;
  const source = configuredSource(parsed.config, parsed.source, 'the cdc plan task input');
  const table = source.tables.find((candidate) => candidate.name === parsed.table);
  if (table === undefined || effectiveMode(table, source) !== 'cdc') {
    const cdcTables = source.tables.filter((candidate) => effectiveMode(candidate, source) === 'cdc');
    throw new DataLakeError(
      `Table "${parsed.table}" is not a cdc table of source ${source.name} in the cdc plan task input; allowed: ${cdcTables.map((t) => `"${t.name}"`).join(', ') || 'none'}`,
    );
  }
  const label = `${table.schema}.${table.name}`;
  const { columns, primaryKey } = await deps.replicas.withReader(
    settings.REPLICA_HOSTS[0],
    async (reader) => ({
      columns: await reader.columns(table.schema, table.name),
      primaryKey: await reader.primaryKey(table.schema, table.name),
    }),
  );
  if (columns.length === 0) {
    throw new DataLakeError(
      `Table ${label} of source ${source.name} has no columns on the replica: it does not exist or the user cannot see it`,
    );
  }
  if (primaryKey.length === 0) {
    throw new DataLakeError(
      `Table ${label} of source ${source.name} has no primary key; allowed in mode cdc: a table with a primary key (changes are applied per key)`,
    );
  }
  const known = await catalogKnownColumns(deps.catalog, settings.GLUE_DATABASE)(table.name);
  const plan = planTable({
    source,
    table,
    sourceColumns: columns,
    ...(known === undefined ? {} : { knownColumns: known }),
    runId: parsed.runId,
    expectedRows: 0,
    primaryKey,
  });
  const view = await deps.catalog.getView(settings.GLUE_DATABASE, catalogNames(table.name).view);
  const baseRunId = view?.parameters?.[RUN_ID_PARAMETER];
  return baseRunId === undefined ? { plan } : { plan, baseRunId };
};
