import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { DataLakeConfig } from '../../lib/config';
import { exportTaskId, exportTaskPrefix } from '../../lib/core/naming';
import type { RunPlan } from '../../lib/core/pipeline';
import { openDuckdb } from '../../lib/duckdb';
import { DuckdbCatalog } from '../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../lib/local/FileObjectStore';
import { LOCAL_BUCKETS, localLakePaths } from '../../lib/local/localCatalogPaths';
import { localPipeline } from '../../lib/local/localPipeline';
import { localTasks } from '../../lib/local/localTasks';
import {
  type LocalExecutionResult,
  type LocalTaskHandler,
  runStateMachine,
} from '../../lib/local/runStateMachine';
import { type SimulatedTableFailure, simulateExport } from '../../lib/local/simulatedExport';

/** A fixed salt: runs of one test hash alike. */
const SALT = 'e2e-salt-0123456789abcdef';

/** How one scenario changes a local run. */
export interface FixtureRunOptions {
  readonly config: DataLakeConfig;
  readonly sourceName: string;
  /** The source server's URL. */
  readonly url: string;
  readonly lakeDir: string;
  readonly runId: string;
  /**
   * The run's export is already in the raw bucket (a re-run of the same run id: RDS answers
   * ExportTaskAlreadyExists and the pipeline reads the same export again).
   *
   * @default false
   */
  readonly exportExists?: boolean;
  /** @default 100000 (one part per table) */
  readonly rowsPerPart?: number;
  /** Tables the simulated export fails. @default - none */
  readonly exportFailures?: Readonly<Record<string, SimulatedTableFailure>>;
  /** Stand-ins replacing the local ones, by `<service>:<action>`. @default - none */
  readonly sdk?: Readonly<Record<string, LocalTaskHandler>>;
  /** Wraps the local transform, e.g. to kill an attempt. @default - the transform as is */
  readonly wrapTransform?: (transform: LocalTaskHandler, store: FileObjectStore) => LocalTaskHandler;
}

/** What a scenario's run did. */
export interface FixtureRun {
  readonly result: LocalExecutionResult;
  /** The plan step's output, when it ran. */
  readonly plan?: RunPlan;
  /** The run's curated bucket directory. */
  readonly curatedDir: string;
  readonly catalogFile: string;
  readonly database: string;
}

/**
 * One local run of a fixture source with the pieces of lib/local `runLocal` (simulated export,
 * the source's synthesized state machine run by `runStateMachine`, the pipeline functions on the
 * filesystem object store and the DuckDB catalog), opened up so a scenario can fail the export,
 * replace an SDK answer or kill a transform, and choose the run id (a re-run reuses one).
 */
export async function runFixtureSource(options: FixtureRunOptions): Promise<FixtureRun> {
  const { config } = options;
  const source = config.sources.find((candidate) => candidate.name === options.sourceName);
  if (source === undefined) throw new Error(`no source ${options.sourceName}`);
  const paths = localLakePaths(options.lakeDir);
  const exportId = exportTaskId(exportTaskPrefix(config.name, source.name), options.runId);
  const local = localPipeline(config, source);
  if (options.exportExists !== true) {
    await simulateExport({
      engine: source.engine,
      connection: options.url,
      database: source.database,
      tables: source.tables.map((table) => ({ schema: table.schema, table: table.name })),
      exportId,
      outDir: join(paths.buckets, LOCAL_BUCKETS.raw),
      prefix: local.exportPrefix.replace(/\/+$/, ''),
      bucket: LOCAL_BUCKETS.raw,
      rowsPerPart: options.rowsPerPart,
      fail: options.exportFailures,
    });
  }
  await mkdir(paths.temp, { recursive: true });
  const duckdb = await openDuckdb({ threads: 2, tempDirectory: join(paths.temp, 'duckdb') });
  const catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
  const objectStore = new FileObjectStore(paths.buckets);
  let plan: RunPlan | undefined;
  try {
    const tasks = localTasks(
      { local, objectStore, catalog, duckdb, salt: SALT, tempRoot: paths.temp, exportId },
      {
        onPlanned: (planned) => {
          plan = planned;
        },
        onTransformStart: () => undefined,
        onPartDone: () => undefined,
        onCommitStart: () => undefined,
        onCommitted: () => undefined,
        onTableFailed: () => undefined,
      },
    );
    const { transformFunction } = local.pipeline;
    const lambdas = new Map<IFunction, LocalTaskHandler>(tasks.lambdas);
    const transform = lambdas.get(transformFunction);
    if (transform !== undefined && options.wrapTransform !== undefined) {
      lambdas.set(transformFunction, options.wrapTransform(transform, objectStore));
    }
    const result = await runStateMachine(
      local.pipeline.stateMachine,
      { runId: options.runId },
      { lambdas, sdk: { ...tasks.sdk, ...options.sdk }, refs: local.refs },
    );
    return {
      result,
      plan,
      curatedDir: join(paths.buckets, LOCAL_BUCKETS.curated),
      catalogFile: paths.catalogFile,
      database: local.database,
    };
  } finally {
    catalog.close();
    duckdb.closeSync();
  }
}
