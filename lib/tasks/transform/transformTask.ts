import type { DuckDBInstance } from '@duckdb/node-api';
import type * as z from 'zod';
import { type MetricsPublisher, NO_METRICS } from '../../adapters/metrics/MetricsPublisher';
import type { ObjectStore } from '../../adapters/objectStore';
import type { SecretReader } from '../../adapters/secrets';
import { curatedPartMetrics, tableDimensions } from '../../core/metrics';
import { transformPart } from '../../pipeline/transformPart';
import type { Task } from '../Task';
import { transformEventSchema } from './transformEventSchema';
import type { transformSettingsSchema } from './transformSettingsSchema';

/** What the transform task works with. */
export interface TransformTaskDeps {
  /** Reads the part from the raw bucket, writes the curated files and manifest. */
  readonly objectStore: ObjectStore;
  /** Reads the mask salt (`MASKING_SALT_SECRET_ARN`); a Lambda's reader keeps it for the container. */
  readonly secrets: SecretReader;
  /** The DuckDB the SQL runs in, opened once by the binding. */
  readonly duckdb: Promise<DuckDBInstance>;
  readonly settings: z.output<typeof transformSettingsSchema>;
  /**
   * Where the part's masked values and invalid dates landed NULL are counted (`MaskedValues`,
   * `InvalidValuesNulled`, per table): CloudWatch on Lambda.
   *
   * @default NO_METRICS - published nowhere (local mode: its summary shows the run's KPIs)
   */
  readonly metrics?: MetricsPublisher;
  /**
   * Where the part and the curated files are staged.
   *
   * @default - the OS temp directory (`/tmp` in Lambda)
   */
  readonly tempRoot?: string;
}

/** What the transform returns: small, as Step Functions discards it and the commit reads the manifest. */
export interface TransformSummary {
  readonly partIndex: number;
  readonly rows: number;
  readonly files: number;
  /** Invalid dates landed as NULL, by output column (see `PartResult`). @default - none */
  readonly invalidValuesNulled?: Readonly<Record<string, number>>;
}

/**
 * The transform state of the snapshot pipeline: curates one export part into the function's
 * curated bucket (see `transformPart`: drop, mask, cast, partition, manifest last) and returns
 * a summary.
 *
 * @example
 * ```ts
 * const summary = await transformTask(
 *   { plan, part: { bucket: 'raw', key: 'exports/service/…/part-00000.parquet', index: 0 } },
 *   { objectStore, secrets, duckdb, settings },
 * );
 * ```
 */
export const transformTask: Task<TransformTaskDeps, TransformSummary> = async (event, deps) => {
  const { plan, part } = transformEventSchema.parse(event);
  const { settings } = deps;
  const result = await transformPart(
    { plan, part, curatedBucket: settings.CURATED_BUCKET },
    {
      objectStore: deps.objectStore,
      duckdb: await deps.duckdb,
      salt: await deps.secrets.getSecretString(settings.MASKING_SALT_SECRET_ARN),
      tempRoot: deps.tempRoot,
    },
  );
  (deps.metrics ?? NO_METRICS).publish(
    tableDimensions(plan.source, plan.table),
    curatedPartMetrics(plan, result),
  );
  return {
    partIndex: result.partIndex,
    rows: result.rows,
    files: result.files.length,
    ...(result.invalidValuesNulled === undefined ? {} : { invalidValuesNulled: result.invalidValuesNulled }),
  };
};
