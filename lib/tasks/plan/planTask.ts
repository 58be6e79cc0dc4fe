import type * as z from 'zod';
import type { Catalog } from '../../adapters/catalog';
import type { ObjectStore } from '../../adapters/objectStore';
import type { RunPlan } from '../../core/pipeline';
import { catalogKnownColumns } from '../../pipeline/catalogKnownColumns';
import { footerRowCounter } from '../../pipeline/footerRowCounter';
import { planRun } from '../../pipeline/planRun';
import { configuredSource } from '../configuredSource';
import type { Task } from '../Task';
import { planEventSchema } from './planEventSchema';
import type { planSettingsSchema } from './planSettingsSchema';

/** What the plan task works with. */
export interface PlanDeps {
  /** Reads the export in the raw bucket and writes its part lists there. */
  readonly objectStore: ObjectStore;
  /** Where the columns of the source's curated tables are known. */
  readonly catalog: Catalog;
  readonly settings: z.output<typeof planSettingsSchema>;
}

/**
 * The plan state of the snapshot pipeline: `{ config, source, runId, exportId, snapshotTime }` →
 * the {@link RunPlan} the state machine maps over (see `planRun`), from the export under the
 * function's raw bucket and prefix and the columns its Glue database already has; every table
 * plan carries the snapshot's `snapshotTime`, which its freshness is measured from. Rows are
 * counted from the parts' Parquet footers (two ranged GETs a part), never whole parts.
 *
 * @throws ConfigError naming the field when the event's config is not valid
 * @throws DataLakeError when the config has no source of the event's name
 * @example
 * ```ts
 * const plan = await planTask(
 *   { config, source: 'service', runId, exportId, snapshotTime: '2026-11-23T02:10:41Z' },
 *   { objectStore, catalog, settings },
 * );
 * ```
 */
export const planTask: Task<PlanDeps, RunPlan> = async (event, deps) => {
  const { config, source: name, runId, exportId, snapshotTime } = planEventSchema.parse(event);
  const source = configuredSource(config, name, 'the plan task input');
  const { objectStore, settings } = deps;
  return planRun(
    source,
    runId,
    { bucket: settings.RAW_BUCKET, prefix: settings.EXPORT_PREFIX, exportId, snapshotTime },
    {
      objectStore,
      knownColumns: catalogKnownColumns(deps.catalog, settings.GLUE_DATABASE),
      countRows: footerRowCounter(objectStore),
    },
  );
};
