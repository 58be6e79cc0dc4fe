import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openReplicaReader, type ReplicaReader } from '../adapters/database';
import { FileWatermarkStore } from '../adapters/watermark';
import type { DataLakeConfig, SourceConfig } from '../config';
import { ConfigError, DataLakeError, LocalRunFailedError, PipelineRunFailedError } from '../core/errors';
import { dataAsOf } from '../core/metrics';
import { exportTaskId, exportTaskPrefix, type PipelineKind } from '../core/naming';
import { replicaPools, replicaTables } from '../core/orchestration';
import type { TablePlan } from '../core/pipeline';
import { runIdAt } from '../core/pipeline';
import { openDuckdb } from '../duckdb';
import { assertReachable } from './assertReachable';
import { DuckdbCatalog } from './DuckdbCatalog';
import { startDemoDatabase } from './demo';
import { FileObjectStore } from './FileObjectStore';
import { LOCAL_BUCKETS, localLakePaths } from './localCatalogPaths';
import { localReplicaTasks } from './localReplicaTasks';
import { failCauseRecorder, localRunFailure } from './localRunFailure';
import { localSalt } from './localSalt';
import { localSourceStack } from './localSourceStack';
import { type LocalTaskHooks, localTasks } from './localTasks';
import { currentProcess } from './processIdentity';
import { runCleanups } from './runCleanups';
import { acquireRunLock, releaseRunLock } from './runLock';
import {
  type LoggedPipeline,
  type LoggedRun,
  type LoggedTable,
  markRunKilled,
  putRunLogEntry,
  releaseRunLogSpace,
  reserveRunLogSpace,
} from './runLog';
import { runStateMachine } from './runStateMachine';
import { exportOnlyTables, simulateExport } from './simulatedExport';
import { parseSourceUrl, type SourceUrl, sourceUrlFor } from './sourceUrl';
import type { ProgressListener, TableStatus } from './TableProgress';

/** What a local run runs. */
export interface RunLocalOptions {
  readonly config: DataLakeConfig;
  /** The lake directory: buckets, catalog, run log. */
  readonly lakeDir: string;
  /**
   * The source database's URL (`mysql://…` or `postgres://…`).
   *
   * @default - the demo marketplace, started in-process (PGlite)
   */
  readonly sourceUrl?: string;
  /**
   * The source of the config to run.
   *
   * @default - the config's first source
   */
  readonly sourceName?: string;
  /** @default - no progress reported */
  readonly onProgress?: ProgressListener;
  /**
   * Told what the run noticed but did not fail on: a previous run found killed, a cleanup that
   * failed after a run that succeeded.
   *
   * @default - not told
   */
  readonly onWarning?: (message: string) => void;
}

/** What a local run did. */
export interface LocalRunResult extends LoggedRun {
  readonly endedAt: string;
  /** The catalog schema the tables are in, e.g. `demo_marketplace`. */
  readonly database: string;
  /** The catalog file `datalake query --local` reads. */
  readonly catalogFile: string;
}

function pickSource(config: DataLakeConfig, name: string | undefined): SourceConfig {
  const source = name === undefined ? config.sources[0] : config.sources.find((s) => s.name === name);
  if (source === undefined) {
    const allowed = config.sources.map((s) => s.name).join(', ') || '(none)';
    throw new ConfigError([
      { path: 'sources', message: `has no source "${name ?? ''}"; allowed: ${allowed}` },
    ]);
  }
  return source;
}

function replicaPoolSizes(config: DataLakeConfig, source: SourceConfig): number[] {
  return replicaPools(source, config.pools).map((pool) => pool.maxConcurrency);
}

function masked(plan: TablePlan): string[] {
  return plan.columns.flatMap((column) => (column.mask ? [`${column.output} (${column.mask.kind})`] : []));
}

function message(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new DataLakeError(String(error));
}

/** An error's message on one line: a cause such as a ConfigError lists its issues on lines of their own. */
function oneLine(error: Error): string {
  return error.message.replaceAll(/\n\s*/g, ' ');
}

/**
 * A reader on the source database standing in for its read replica, logged in with the URL's user
 * (no TLS locally) and with the source's session timeouts, as the replica functions read them
 * (REPLICA_*_TIMEOUT_SECONDS): no session waits forever.
 *
 * @param poolSize the state machine's pool Maps bound the queries; the reader only needs room for the largest pool
 */
function openLocalSourceReader(url: SourceUrl, source: SourceConfig, poolSize: number): ReplicaReader {
  const sourceUrl = new URL(url.url);
  return openReplicaReader({
    engine: source.engine,
    host: url.host,
    port: url.port,
    database: source.database,
    user: decodeURIComponent(sourceUrl.username),
    password: decodeURIComponent(sourceUrl.password),
    tls: false,
    poolSize,
    timeouts: source.timeouts,
  });
}

/**
 * Runs one source's pipelines end to end on this machine, with no AWS account:
 *
 * 1. the source (a `--source` URL, else the demo marketplace in PGlite) is checked reachable;
 * 2. the source's state machine definition — built from the same construct as in AWS — runs
 *    with aws-local-stepfunctions, its Lambdas answered by the pipeline functions on local
 *    adapters (see {@link localTasks}); its StartExportTask exports the tables its `ExportOnly`
 *    names (with `includeTables: all`, those the list-tables step found but `excludeTables`) the
 *    way RDS snapshot export writes them (`simulateExport`) into the local raw bucket;
 * 3. the source's `replica-query` and `incremental` tables (a `--source` URL) run through the
 *    source's replica state machine, the source database standing in for its read replica:
 *    chunks fanned out per pool, each table committed, an incremental table's window end recorded
 *    by its commit in the local catalog (claimed first under `_watermarks/`), so the next run reads on;
 * 4. each committed table is a view in the local DuckDB catalog, and the run goes into the run
 *    log.
 *
 * Progress per table goes to `onProgress`. The run holds the lake directory's run lock (one run
 * at a time; a lock whose process died is taken over and that run logged `KILLED`) and is in the
 * run log from its start (`RUNNING`, with its pid) to its end (`SUCCEEDED`, or `FAILED` with its
 * first error), each pipeline it ran logged as it ends (`SUCCEEDED`, or `FAILED` with its error; a
 * failed pipeline does not keep the other from running, as a failed table does not keep another from
 * being committed; one not reached, the run killed first, is absent). Its first error is the one raised: what fails while cleaning up after it (closing
 * DuckDB, removing the temp directory, the log's last write) is kept beside it, never in its
 * place. Disk space for the log's last write is set aside at the start, so a run that fills the
 * disk is still logged.
 *
 * @throws ConfigError when `sourceUrl` names another engine or database than the source's
 * @throws LocalRunInProgressError when another run holds the lake directory
 * @throws LocalRunFailedError when the run fails: `cause` is the first error (e.g.
 *   SourceUnreachableError, ENOSPC, the state machine's failure naming the table)
 */
export async function runLocal(options: RunLocalOptions): Promise<LocalRunResult> {
  const { config } = options;
  const source = pickSource(config, options.sourceName);
  const given = options.sourceUrl === undefined ? undefined : sourceUrlFor(options.sourceUrl, source);
  const snapshotTables = source.tables.filter((table) => table.mode === 'snapshot-export');
  const fromReplica = replicaTables(source);
  const paths = localLakePaths(options.lakeDir);
  const started = new Date();
  const runId = runIdAt(started);
  const startedAt = started.toISOString();
  const exportId = exportTaskId(exportTaskPrefix(config.name, source.name), runId);
  const killed = await acquireRunLock(paths.runLock, {
    runId,
    source: source.name,
    startedAt,
    ...currentProcess(),
  });
  const states = new Map<
    string,
    { status: TableStatus; rows: number; started?: number; table?: LoggedTable }
  >([...snapshotTables, ...fromReplica].map((table) => [table.name, { status: 'pending', rows: 0 }]));
  const report = (table: string, status: TableStatus, rows: number, error?: string) => {
    const state = states.get(table) ?? { status, rows };
    states.set(table, { ...state, status, rows });
    options.onProgress?.({ table, status, rows, ...(error === undefined ? {} : { error }) });
  };
  for (const table of [...snapshotTables, ...fromReplica]) report(table.name, 'pending', 0);
  // Invalid dates each table's parts landed as NULL, by column, for its run log entry.
  const nulled = new Map<string, Record<string, number>>();
  const addNulled = (table: string, counts: Readonly<Record<string, number>> | undefined) => {
    const sums = nulled.get(table) ?? {};
    for (const [column, count] of Object.entries(counts ?? {})) sums[column] = (sums[column] ?? 0) + count;
    nulled.set(table, sums);
  };
  const nulledOf = (table: string) => {
    const counts = nulled.get(table) ?? {};
    return Object.keys(counts).length === 0 ? {} : { invalidValuesNulled: counts };
  };

  // A failed execution, told as the alert topic would be told of a deployed run's.
  const pipelineFailed = (
    pipeline: PipelineKind,
    result: { error: string; cause: string },
    failCauses: readonly string[],
  ) =>
    new PipelineRunFailedError(
      localRunFailure({
        config,
        source,
        pipeline,
        runId,
        startedAt,
        lakeDir: options.lakeDir,
        ...result,
        failCauses,
      }),
    );

  const running = {
    source: source.name,
    runId,
    status: 'RUNNING',
    pid: process.pid,
    startedAt,
    tables: [],
  } satisfies LoggedRun;
  // Each pipeline the run ran, logged as it ends: a run killed after one still shows that one. A
  // failed pipeline never keeps the other from running (deployed, they are two state machines): its
  // error is the run's, and the other's tables are committed all the same.
  const pipelines: LoggedPipeline[] = [];
  const runPipeline = async (pipeline: PipelineKind, run: () => Promise<void>) => {
    const pipelineStartedAt = new Date().toISOString();
    let failed: Error | undefined;
    try {
      await run();
    } catch (error) {
      failed = asError(error);
      first ??= failed;
    }
    pipelines.push({
      pipeline,
      status: failed === undefined ? 'SUCCEEDED' : 'FAILED',
      startedAt: pipelineStartedAt,
      endedAt: new Date().toISOString(),
      ...(failed === undefined ? {} : { error: oneLine(failed) }),
    });
    await putRunLogEntry(paths.runLog, { ...running, pipelines });
  };

  // What the run opened, closed after it in reverse order whether it failed or not.
  const opened: (() => unknown)[] = [];
  let first: Error | undefined;
  let database = '';
  try {
    if (killed !== undefined) {
      await markRunKilled(paths.runLog, killed);
      options.onWarning?.(
        `run ${killed.runId} of source ${killed.source} (pid ${killed.pid}, started ${killed.startedAt}) ended before it finished (killed or crashed); logged as KILLED`,
      );
    }
    await putRunLogEntry(paths.runLog, running);
    await reserveRunLogSpace(paths.runLog);
    const demo = given === undefined ? await startDemoDatabase() : undefined;
    if (demo !== undefined) opened.push(() => demo.close());
    const url = given ?? parseSourceUrl(demo?.url ?? '');
    if (url.engine !== source.engine) {
      throw new ConfigError([
        {
          path: '--source',
          message: `is a ${url.engine} URL, but source "${source.name}" is ${source.engine}`,
        },
      ]);
    }
    await mkdir(paths.temp, { recursive: true });
    const duckdb = await openDuckdb({ threads: 2, tempDirectory: join(paths.temp, 'duckdb') });
    opened.push(() => duckdb.closeSync());
    const catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
    opened.push(() => catalog.close());
    // The source's stack as deployed: it has each pipeline only when tables take its path.
    const built = localSourceStack(config, source);
    database = built.database;
    const { snapshot: local, replica } = built;
    await assertReachable(url.host, url.port);
    const salt = await localSalt(join(paths.root, 'mask-salt'));
    const hooks: Omit<LocalTaskHooks, 'onPlanned'> = {
      onTransformStart: (plan) => {
        const state = states.get(plan.table);
        if (state?.status === 'running') return;
        states.set(plan.table, { status: 'running', rows: 0, started: Date.now() });
        report(plan.table, 'running', 0);
      },
      onPartDone: (plan, rows, invalidValuesNulled) => {
        addNulled(plan.table, invalidValuesNulled);
        report(plan.table, 'running', (states.get(plan.table)?.rows ?? 0) + rows);
      },
      onCommitStart: (plan) => {
        const state = states.get(plan.table);
        if (state?.started === undefined)
          states.set(plan.table, { status: 'committing', rows: 0, started: Date.now() });
        report(plan.table, 'committing', states.get(plan.table)?.rows ?? 0);
      },
      onCommitted: (plan, summary) => {
        const state = states.get(plan.table);
        const table: LoggedTable = {
          table: plan.table,
          status: 'done',
          rows: summary.rows,
          bytes: summary.bytes,
          dropped: plan.dropped,
          masked: masked(plan),
          ...nulledOf(plan.table),
          seconds: (Date.now() - (state?.started ?? Date.now())) / 1000,
          asOf: dataAsOf(plan).toISOString(),
          sourceRows: plan.expectedRows,
        };
        states.set(plan.table, { status: 'done', rows: summary.rows, table });
        report(plan.table, 'done', summary.rows);
      },
      onTableFailed: (plan, error) => {
        const state = states.get(plan.table);
        const table: LoggedTable = {
          table: plan.table,
          status: 'failed',
          rows: state?.rows ?? 0,
          bytes: 0,
          dropped: plan.dropped,
          masked: masked(plan),
          seconds: (Date.now() - (state?.started ?? Date.now())) / 1000,
          sourceRows: plan.expectedRows,
          error: message(error),
        };
        states.set(plan.table, { status: 'failed', rows: state?.rows ?? 0, table });
        report(plan.table, 'failed', state?.rows ?? 0, message(error));
      },
    };
    const objectStore = new FileObjectStore(paths.buckets);
    // The source database, read as the replica: by the list-tables step and the replica path.
    const reader =
      local?.pipeline.listTablesFunction !== undefined || replica !== undefined
        ? openLocalSourceReader(url, source, Math.max(1, ...replicaPoolSizes(config, source)))
        : undefined;
    if (reader !== undefined) opened.push(() => reader.close());
    if (local !== undefined)
      await runPipeline('snapshot', async () => {
        for (const table of snapshotTables) report(table.name, 'exporting', 0);
        // As RDS: the export holds only the tables the state machine's StartExportTask names.
        const runExport = async (exportOnly: readonly string[] | undefined) => {
          const exported = await simulateExport({
            engine: source.engine,
            connection: url.url,
            database: source.database,
            tables: exportOnlyTables(exportOnly, source.engine, source.database),
            exportId,
            outDir: join(paths.buckets, LOCAL_BUCKETS.raw),
            prefix: local.exportPrefix.replace(/\/+$/, ''),
            bucket: LOCAL_BUCKETS.raw,
          });
          for (const table of exported.tables) report(table.table, 'pending', table.rows);
        };
        const tasks = localTasks(
          {
            local,
            objectStore,
            catalog,
            duckdb,
            salt,
            tempRoot: paths.temp,
            exportId,
            runExport,
            ...(reader === undefined ? {} : { sourceReader: reader }),
          },
          { ...hooks, onPlanned: () => undefined },
        );
        const failCauses = failCauseRecorder();
        const result = await runStateMachine(
          local.pipeline.stateMachine,
          { runId },
          { ...tasks, refs: local.refs, onEvent: failCauses.onEvent },
        );
        if (result.status === 'FAILED') throw pipelineFailed('snapshot', result, failCauses.causes);
      });
    if (replica !== undefined && reader !== undefined)
      await runPipeline('replica', async () => {
        const tasks = localReplicaTasks(
          {
            config,
            source,
            local: replica,
            reader,
            objectStore,
            catalog,
            watermarks: new FileWatermarkStore(join(paths.buckets, LOCAL_BUCKETS.curated)),
            duckdb,
            salt,
            tempRoot: paths.temp,
          },
          { ...hooks, onPlanned: () => undefined },
        );
        // Each failed table's cause, from the states its branch entered (a deployed run's history).
        const failCauses = failCauseRecorder();
        const result = await runStateMachine(
          replica.pipeline.stateMachine,
          { runId },
          { ...tasks, refs: replica.refs, startTime: startedAt, onEvent: failCauses.onEvent },
        );
        if (result.status === 'FAILED') throw pipelineFailed('replica', result, failCauses.causes);
      });
  } catch (error) {
    first = asError(error);
  }

  // Cleanup: each step runs whatever the others did; its errors never take the first's place.
  const cleanupErrors = await runCleanups([
    ...opened.reverse(),
    () => rm(paths.temp, { recursive: true, force: true }),
    () => releaseRunLogSpace(paths.runLog),
  ]);
  for (const [table, state] of states) {
    if (state.status !== 'done' && state.status !== 'failed') report(table, 'failed', state.rows, 'not run');
  }
  const run = {
    source: source.name,
    runId,
    status: first === undefined ? 'SUCCEEDED' : 'FAILED',
    pid: process.pid,
    startedAt,
    endedAt: new Date().toISOString(),
    tables: [...states.values()].flatMap((state) => (state.table ? [state.table] : [])),
    pipelines,
    ...(first === undefined ? {} : { error: oneLine(first) }),
  } satisfies LoggedRun;
  cleanupErrors.push(
    ...(await runCleanups([
      () => putRunLogEntry(paths.runLog, run),
      () => releaseRunLock(paths.runLock, runId),
    ])),
  );
  if (first !== undefined) {
    throw new LocalRunFailedError({ runId, source: source.name, cause: first, cleanupErrors });
  }
  for (const error of cleanupErrors) options.onWarning?.(`cleanup after run ${runId}: ${message(error)}`);
  return { ...run, database, catalogFile: paths.catalogFile };
}
