import type { DuckDBInstance } from '@duckdb/node-api';
import type { ReplicaReaders } from '../../adapters/database/ReplicaReaders';
import { type MetricsPublisher, NO_METRICS } from '../../adapters/metrics/MetricsPublisher';
import type { ObjectStore } from '../../adapters/objectStore';
import type { SecretReader } from '../../adapters/secrets';
import { curatedPartMetrics, tableDimensions } from '../../core/metrics';
import { extractChunk } from '../../pipeline/extractChunk';
import type { Task } from '../Task';
import { extractEventSchema } from './extractEventSchema';
import type { ExtractSettings } from './extractSettingsSchema';

/** What the extract task works with, built once per container. */
export interface ExtractDeps {
  /** Readers on the replicas; a reader's pool bounds the sessions a chunk can use. */
  readonly replicas: ReplicaReaders;
  readonly objectStore: ObjectStore;
  /** DuckDB, or its opening, awaited by the first chunk. */
  readonly duckdb: DuckDBInstance | Promise<DuckDBInstance>;
  /** Reads the salt of the `hash` mask (`settings.MASKING_SALT_SECRET_ARN`). */
  readonly secrets: SecretReader;
  readonly settings: ExtractSettings;
  /**
   * Where the chunk's masked values and invalid dates landed NULL are counted (`MaskedValues`,
   * `InvalidValuesNulled`, per table): CloudWatch on Lambda.
   *
   * @default NO_METRICS - published nowhere (local mode: its summary shows the run's KPIs)
   */
  readonly metrics?: MetricsPublisher;
  /**
   * Where the chunk's CSV and curated files are staged.
   *
   * @default - the OS temp directory (`/tmp` in Lambda)
   */
  readonly tempRoot?: string;
}

/** What the extract state returns: small, whatever the chunk's size (the commit reads the manifests). */
export interface ExtractSummary {
  readonly chunk: number;
  readonly rows: number;
  readonly files: number;
  /** Invalid dates landed as NULL, by output column (see `PartResult`). @default - none */
  readonly invalidValuesNulled?: Readonly<Record<string, number>>;
}

/**
 * The extract state of the replica pipeline: one chunk of a table, read from the replica its
 * event names, into curated Parquet and its manifest in the function's curated bucket (see
 * `extractChunk`).
 *
 * @example
 * ```ts
 * await extractTask({ plan, chunk, host: 'replica-1.example' }, deps); // { chunk: 0, rows: 1000, files: 1 }
 * ```
 */
export const extractTask: Task<ExtractDeps, ExtractSummary> = async (event, deps) => {
  const { plan, chunk, host } = extractEventSchema.parse(event);
  const { settings } = deps;
  const result = await deps.replicas.withReader(host, async (reader) =>
    extractChunk(
      { plan, chunk, curatedBucket: settings.CURATED_BUCKET },
      {
        reader,
        objectStore: deps.objectStore,
        duckdb: await deps.duckdb,
        salt: await deps.secrets.getSecretString(settings.MASKING_SALT_SECRET_ARN),
        ...(deps.tempRoot === undefined ? {} : { tempRoot: deps.tempRoot }),
      },
    ),
  );
  (deps.metrics ?? NO_METRICS).publish(
    tableDimensions(plan.source, plan.table),
    curatedPartMetrics(plan, result),
  );
  return {
    chunk: result.partIndex,
    rows: result.rows,
    files: result.files.length,
    ...(result.invalidValuesNulled === undefined ? {} : { invalidValuesNulled: result.invalidValuesNulled }),
  };
};
