import type { Catalog } from '../../adapters/catalog';
import type { ReplicaReaders } from '../../adapters/database/ReplicaReaders';
import type { ObjectStore } from '../../adapters/objectStore';
import type { WatermarkStore } from '../../adapters/watermark';
import { catalogNames, committedWatermark } from '../../core/commit';
import { largestReplicaLag } from '../../core/extract/largestReplicaLag';
import { replicaLagTargets } from '../../core/extract/replicaLagTargets';
import { planReplicaRun, type ReplicaRunManifest } from '../../core/orchestration';
import { catalogKnownColumns } from '../../pipeline/catalogKnownColumns';
import { checkReplicaLag, type ReplicaLag } from '../../pipeline/checkReplicaLag';
import { listReplicaTables } from '../../pipeline/listReplicaTables';
import { planExtract } from '../../pipeline/planExtract';
import { storeReplicaRunPlan } from '../../pipeline/storeReplicaRunPlan';
import { configuredSource } from '../configuredSource';
import type { Task } from '../Task';
import type { TaskLogger } from '../TaskLogger';
import { type ReplicaPlanEvent, replicaPlanEventSchema } from './replicaPlanEventSchema';
import type { ReplicaPlanSettings } from './replicaPlanSettingsSchema';

/** Planning choices a test or demo makes instead of the config's. */
export interface ReplicaPlanTuning {
  /**
   * Rows per chunk instead of each table's `chunkSize`, so small tables fan out.
   *
   * @default - the table's `chunkSize`
   */
  readonly chunkSize?: number;
  /**
   * Seconds a time watermark's window ends before the run start.
   *
   * @default - planExtract's default (60 s)
   */
  readonly safetyLagSeconds?: number;
}

/** What the replica plan task works with. */
export interface ReplicaPlanDeps {
  /** Readers on the replicas `settings.REPLICA_HOSTS` names. */
  readonly replicas: ReplicaReaders;
  /** Where the run's lists are stored. */
  readonly objectStore: ObjectStore;
  /** The lake's catalog: the columns each table's last run had. */
  readonly catalog: Catalog;
  /** The incremental tables' window claims (their committed watermarks are in the catalog). */
  readonly watermarks: WatermarkStore;
  readonly settings: ReplicaPlanSettings;
  readonly logger: TaskLogger;
  /** @default - none: the config decides */
  readonly tuning?: ReplicaPlanTuning;
}

/**
 * The replica state machine's plan Lambda, two steps:
 * - `lag` checks every replica (`replicaLagTargets`: each RDS instance replica, or Aurora's
 *   readers once through the analytics endpoint) with `checkReplicaLag`, one after the other,
 *   under the function's `replica.unmeasuredLag`; the first beyond `maxLagSeconds` throws
 *   ReplicaLagError, which the state machine retries. Returns the largest lag and logs the
 *   reasons of any lag it could not measure.
 * - `plan` plans every table on the first replica (table metadata is the same on each), an
 *   incremental one from the run and watermark its view's last commit recorded (and the version
 *   of its stored claim), spreads the chunks over all the replicas (`planReplicaRun`), stores the
 *   run's lists in the runs bucket and returns their manifest; tables read in fewer chunks than
 *   asked are logged.
 *
 * @example
 * ```ts
 * await replicaPlanTask({ step: 'lag', source: 'service', maxLagSeconds: 300 }, deps); // { lagSeconds: 2, unmeasured: [] }
 * await replicaPlanTask({ step: 'plan', config, source: 'service', runId, runStart }, deps); // { runId, bucket, tables, pools, … }
 * ```
 */
export const replicaPlanTask: Task<ReplicaPlanDeps, ReplicaLag | ReplicaRunManifest> = async (
  event,
  deps,
) => {
  const parsed = replicaPlanEventSchema.parse(event);
  return parsed.step === 'lag' ? checkEveryReplica(parsed, deps) : planRun(parsed, deps);
};

async function checkEveryReplica(
  event: Extract<ReplicaPlanEvent, { step: 'lag' }>,
  deps: ReplicaPlanDeps,
): Promise<ReplicaLag> {
  const { settings } = deps;
  const lags: ReplicaLag[] = [];
  for (const { host, auroraInstances } of replicaLagTargets(
    settings.REPLICA_HOSTS,
    settings.REPLICA_AURORA_INSTANCES,
  )) {
    const check = {
      source: event.source,
      maxLagSeconds: event.maxLagSeconds,
      unmeasuredLag: settings.REPLICA_UNMEASURED_LAG,
      replica: host,
      ...(auroraInstances === undefined ? {} : { auroraInstances }),
    };
    lags.push(await deps.replicas.withReader(host, (reader) => checkReplicaLag(check, { reader })));
  }
  const lag = largestReplicaLag(lags);
  if (lag.unmeasured.length > 0) {
    deps.logger.warn('Replica lag not measured; reading anyway (replica.unmeasuredLag: warn)', {
      source: event.source,
      unmeasured: lag.unmeasured,
    });
  }
  return lag;
}

async function planRun(
  event: Extract<ReplicaPlanEvent, { step: 'plan' }>,
  deps: ReplicaPlanDeps,
): Promise<ReplicaRunManifest> {
  const { settings, tuning = {} } = deps;
  const source = configuredSource(event.config, event.source, 'the replica plan task input');
  const knownColumns = catalogKnownColumns(deps.catalog, settings.GLUE_DATABASE);
  const hosts = settings.REPLICA_HOSTS;
  const plan = await deps.replicas.withReader(hosts[0], (reader) =>
    planReplicaRun(
      source,
      event.runId,
      {
        listTables: () => listReplicaTables(reader),
        readWatermark: async (table) => {
          // What readers see of the table (its view, or a table an earlier version committed) holds
          // the committed run and watermark, as the commit reads them.
          const [shown, claim] = await Promise.all([
            deps.catalog.getTable(settings.GLUE_DATABASE, catalogNames(table.name).view),
            deps.watermarks.get(source.name, table.name),
          ]);
          const committed = committedWatermark(shown?.parameters, claim);
          return {
            ...(committed === undefined ? {} : { committed }),
            ...(claim === undefined ? {} : { claimEtag: claim.etag }),
          };
        },
        planTable: async (table, committed) => {
          const known = await knownColumns(table.name);
          return planExtract(
            {
              source,
              table: tuning.chunkSize === undefined ? table : { ...table, chunkSize: tuning.chunkSize },
              runId: event.runId,
              runStart: new Date(event.runStart),
              ...(known ? { knownColumns: known } : {}),
              ...(committed === undefined ? {} : { committed }),
              ...(tuning.safetyLagSeconds === undefined ? {} : { safetyLagSeconds: tuning.safetyLagSeconds }),
            },
            { reader },
          );
        },
      },
      hosts,
    ),
  );
  // Each warning names its table; the run and source make the line findable beside the run's others.
  for (const warning of plan.warnings) deps.logger.warn(warning, { runId: event.runId, source: source.name });
  return storeReplicaRunPlan(plan, {
    store: deps.objectStore,
    bucket: settings.REPLICA_RUNS_BUCKET,
    source: source.name,
  });
}
