import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openReplicaReader } from '../../adapters/database';
import type { DataLakeConfig, SourceConfig } from '../../config';
import { effectiveMode } from '../../config/sourceDefaults';
import { ConfigError, PipelineRunFailedError } from '../../core/errors';
import { runIdAt } from '../../core/pipeline';
import { openDuckdb } from '../../duckdb';
import { DuckdbCatalog } from '../DuckdbCatalog';
import { FileObjectStore } from '../FileObjectStore';
import { localLakePaths } from '../localCatalogPaths';
import { failCauseRecorder, localRunFailure } from '../localRunFailure';
import { localSalt } from '../localSalt';
import { localSourceStack } from '../localSourceStack';
import { runCleanups } from '../runCleanups';
import { runStateMachine } from '../runStateMachine';
import { sourceUrlFor } from '../sourceUrl';
import type { CaptureResult } from './CaptureOnce';
import { captureMariadb } from './captureMariadb';
import { capturePostgres } from './capturePostgres';
import { localCdcTasks } from './localCdcTasks';

/** What one local change-data-capture cycle runs. */
export interface RunLocalCdcOptions {
  readonly config: DataLakeConfig;
  /** The lake directory: buckets, catalog, the capture's position. */
  readonly lakeDir: string;
  /** The source database's URL (`mysql://…` or `postgres://…`): a server whose log the capture reads. */
  readonly sourceUrl: string;
  /** @default - the config's first source */
  readonly sourceName?: string;
  /** @default the clock */
  readonly now?: () => Date;
}

/** What a cycle did to one `cdc` table. */
export interface LocalCdcTable {
  readonly table: string;
  /** Whether a new version was committed (false: no new change file). */
  readonly applied: boolean;
  /** Rows of the version readers see after the cycle, when one was committed. */
  readonly rows?: number;
}

/** What one cycle did. */
export interface LocalCdcResult {
  readonly capture: CaptureResult;
  readonly tables: readonly LocalCdcTable[];
  /** The catalog schema the tables are in. */
  readonly database: string;
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

/**
 * One change-data-capture cycle of a source on this machine, AWS DMS standing in locally and the
 * apply run as in AWS: the capture (`captureMariadb` / `capturePostgres`: a full load the first
 * time, then the changes committed since) writes DMS files into the local raw bucket, then the
 * source's cdc apply state machine — the definition `CdcApplyPipeline` synthesizes — runs through
 * the local runner with the same task functions as its Lambdas (`localCdcTasks`): per table in mode
 * `cdc`, the plan (`cdcPlanTask`, the source database standing in for the replica), the apply
 * (`applyChangesTask`: the same type mapping and masks, the newest change per key, deletes gone)
 * and the commit (`commitTask`) when there was anything new: `<table>_latest` shows an insert, an
 * update and a delete made on the source since the last cycle.
 *
 * @throws ConfigError when the source has no table in mode `cdc`, or the URL names another engine or database
 * @throws PipelineRunFailedError when the apply run fails, naming each failed table and its cause
 * @example
 * ```ts
 * await runLocalCdc({ config, lakeDir: '.local/lake', sourceUrl: 'mysql://datalake:datalake@127.0.0.1:3307/marketplace' });
 * ```
 */
export async function runLocalCdc(options: RunLocalCdcOptions): Promise<LocalCdcResult> {
  const { config } = options;
  const source = pickSource(config, options.sourceName);
  const index = config.sources.indexOf(source);
  const tables = source.tables.filter((table) => effectiveMode(table, source) === 'cdc');
  if (tables.length === 0) {
    throw new ConfigError([
      {
        path: `sources[${index}].tables`,
        message: 'has no table in mode cdc; allowed: a table with mode: cdc',
      },
    ]);
  }
  const url = sourceUrlFor(options.sourceUrl, source);
  const parsed = new URL(url.url);
  const endpoint = {
    engine: source.engine,
    host: url.host,
    port: url.port,
    database: url.database,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    tls: false,
  };
  const local = localSourceStack(config, source).cdc;
  if (local === undefined) {
    throw new ConfigError([
      {
        path: `sources[${index}].cdc`,
        message: 'is not set; allowed: cdc settings for a source with cdc tables',
      },
    ]);
  }
  const paths = localLakePaths(options.lakeDir);
  await mkdir(paths.temp, { recursive: true });
  const objectStore = new FileObjectStore(paths.buckets);
  const duckdb = await openDuckdb({ threads: 2, tempDirectory: join(paths.temp, 'duckdb') });
  const cleanups: (() => unknown)[] = [() => duckdb.closeSync()];
  try {
    const capture = await (source.engine === 'mysql' ? captureMariadb : capturePostgres)(
      {
        source: source.name,
        endpoint,
        tables: tables.map((table) =>
          source.engine === 'mysql' ? table.name : `${table.schema ?? 'public'}.${table.name}`,
        ),
        lakeDir: paths.root,
      },
      { objectStore, duckdb, workDirectory: paths.temp },
    );
    const salt = await localSalt(join(paths.root, 'mask-salt'));
    const startedAt = (options.now ?? (() => new Date()))();
    const runId = runIdAt(startedAt);
    const catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
    cleanups.unshift(() => catalog.close());
    // The source database stands in for the replica the plan reads each table's columns and key on.
    const reader = openReplicaReader({ ...endpoint, poolSize: 1, timeouts: source.timeouts });
    cleanups.unshift(() => reader.close());

    const applied = new Map<string, LocalCdcTable>();
    const tasks = localCdcTasks(
      { local, reader, objectStore, catalog, duckdb, salt, tempRoot: paths.temp },
      {
        onApplied: (table, summary) =>
          applied.set(
            table,
            summary.applied ? { table, applied: true, rows: summary.rows } : { table, applied: false },
          ),
        onCommitStart: () => undefined,
        onCommitted: () => undefined,
        onTableFailed: () => undefined,
      },
    );
    // Each failed table's cause, from the states its iteration entered (a deployed run's history).
    const failCauses = failCauseRecorder();
    const result = await runStateMachine(
      local.pipeline.stateMachine,
      { runId },
      { ...tasks, refs: local.refs, startTime: startedAt.toISOString(), onEvent: failCauses.onEvent },
    );
    if (result.status === 'FAILED') {
      throw new PipelineRunFailedError(
        localRunFailure({
          config,
          source,
          pipeline: 'cdc',
          runId,
          startedAt: startedAt.toISOString(),
          lakeDir: options.lakeDir,
          error: result.error,
          cause: result.cause,
          failCauses: failCauses.causes,
        }),
      );
    }
    return {
      capture,
      tables: tables.flatMap((table) => {
        const done = applied.get(table.name);
        return done === undefined ? [] : [done];
      }),
      database: local.database,
      catalogFile: paths.catalogFile,
    };
  } finally {
    await runCleanups(cleanups);
  }
}
