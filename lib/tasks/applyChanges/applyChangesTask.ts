import type { DuckDBInstance } from '@duckdb/node-api';
import type { ObjectStore } from '../../adapters/objectStore';
import type { SecretReader } from '../../adapters/secrets';
import type { TablePlan } from '../../core/pipeline';
import { applyChanges } from '../../pipeline/applyChanges';
import type { Task } from '../Task';
import { applyChangesEventSchema } from './applyChangesEventSchema';
import type { ApplyChangesSettings } from './applyChangesSettingsSchema';

/** What the apply task works with. */
export interface ApplyChangesDeps {
  readonly objectStore: ObjectStore;
  /** DuckDB, or its opening, awaited by the first apply. */
  readonly duckdb: DuckDBInstance | Promise<DuckDBInstance>;
  /** Reads the salt of the `hash` mask (`settings.MASKING_SALT_SECRET_ARN`). */
  readonly secrets: SecretReader;
  readonly settings: ApplyChangesSettings;
  /**
   * Where the change files and the base run are staged.
   *
   * @default - the OS temp directory (`/tmp` in Lambda)
   */
  readonly tempRoot?: string;
}

/**
 * What the apply state returns, small whatever the table's size: nothing new to apply, or a
 * version written as a run of one part, with the plan the commit state commits it with.
 */
export type AppliedChangesSummary =
  | { readonly applied: false; readonly position?: string }
  | {
      readonly applied: true;
      /** The plan with `expectedRows` the version's rows: the commit's input with `expectedParts: 1`. */
      readonly plan: TablePlan;
      readonly rows: number;
      /** The last change file the version applied. */
      readonly position: string;
      readonly files: number;
    };

/**
 * The apply state of the cdc apply state machine, per table: the DMS change files after the
 * position the base run recorded, in `<CDC_PREFIX><schema>/<table>/` of the raw bucket, applied on
 * the base run (`applyChanges`: the newest version per primary key, deletes gone, the same type
 * mapping and masks as every path) and written as the next version's run; the commit state then
 * switches readers to it. Nothing new: `applied: false`, and the state machine commits nothing.
 *
 * @example
 * ```ts
 * await applyChangesTask({ plan, baseRunId: '20261207T144500Z' }, deps);
 * // { applied: true, plan: { …, expectedRows: 3 }, rows: 3, position: 'cdc/service/service/offers/20261207-150102123.parquet', files: 2 }
 * ```
 */
export const applyChangesTask: Task<ApplyChangesDeps, AppliedChangesSummary> = async (event, deps) => {
  const { plan, baseRunId } = applyChangesEventSchema.parse(event);
  const { settings } = deps;
  const applied = await applyChanges(
    {
      plan,
      changes: { bucket: settings.RAW_BUCKET, prefix: `${settings.CDC_PREFIX}${plan.schema}/${plan.table}/` },
      curatedBucket: settings.CURATED_BUCKET,
      ...(baseRunId === undefined ? {} : { baseRunId }),
    },
    {
      objectStore: deps.objectStore,
      duckdb: await deps.duckdb,
      salt: await deps.secrets.getSecretString(settings.MASKING_SALT_SECRET_ARN),
      ...(deps.tempRoot === undefined ? {} : { tempRoot: deps.tempRoot }),
    },
  );
  if (!applied.applied) return applied;
  return {
    applied: true,
    plan: applied.plan,
    rows: applied.part.rows,
    position: applied.position.through,
    files: applied.position.files,
  };
};
