import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataLakeConfig, SourceConfig } from '../../config';
import { RUN_ID_PARAMETER } from '../../core/commit';
import { ConfigError } from '../../core/errors';
import { cdcPrefix, sourceDatabaseName } from '../../core/naming';
import { planTable, runIdAt } from '../../core/pipeline';
import { openDuckdb } from '../../duckdb';
import { applyChanges } from '../../pipeline/applyChanges';
import { catalogKnownColumns } from '../../pipeline/catalogKnownColumns';
import { commitTable } from '../../pipeline/commitTable';
import { DuckdbCatalog } from '../DuckdbCatalog';
import { FileObjectStore } from '../FileObjectStore';
import { LOCAL_BUCKETS, localLakePaths } from '../localCatalogPaths';
import { localSalt } from '../localSalt';
import { sourceUrlFor } from '../sourceUrl';
import type { CaptureResult } from './CaptureOnce';
import { captureMariadb } from './captureMariadb';
import { capturePostgres } from './capturePostgres';

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
 * One change-data-capture cycle of a source on this machine, AWS DMS and the apply task standing
 * in locally: the capture (`captureMariadb` / `capturePostgres`: a full load the first time, then
 * the changes committed since) writes DMS files into the local raw bucket, then each table in mode
 * `cdc` gets its next version from the apply (`applyChanges`: the same type mapping and masks, the
 * newest change per key, deletes gone) committed as a run (`commitTable`): `<table>_latest` shows
 * an insert, an update and a delete made on the source since the last cycle.
 *
 * @throws ConfigError when the source has no table in mode `cdc`, or the URL names another engine or database
 * @example
 * ```ts
 * await runLocalCdc({ config, lakeDir: '.local/lake', sourceUrl: 'mysql://datalake:datalake@127.0.0.1:3307/marketplace' });
 * ```
 */
export async function runLocalCdc(options: RunLocalCdcOptions): Promise<LocalCdcResult> {
  const { config } = options;
  const source = pickSource(config, options.sourceName);
  const index = config.sources.indexOf(source);
  const tables = source.tables.filter((table) => (table.mode ?? source.defaultMode) === 'cdc');
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
  const paths = localLakePaths(options.lakeDir);
  await mkdir(paths.temp, { recursive: true });
  const database = sourceDatabaseName(config.name, source.name);
  const objectStore = new FileObjectStore(paths.buckets);
  const duckdb = await openDuckdb({ threads: 2, tempDirectory: join(paths.temp, 'duckdb') });
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
    const runId = runIdAt((options.now ?? (() => new Date()))());
    const catalog = await DuckdbCatalog.open({ file: paths.catalogFile, bucketsRoot: paths.buckets });
    try {
      const results: LocalCdcTable[] = [];
      for (const [at, table] of tables.entries()) {
        const info = capture.tables[at];
        if (info === undefined) continue;
        const plan = planTable({
          source,
          table,
          sourceColumns: info.sourceColumns,
          runId,
          expectedRows: 0,
          primaryKey: info.keyColumns,
          ...(await catalogKnownColumns(
            catalog,
            database,
          )(table.name).then((known) => (known === undefined ? {} : { knownColumns: known }))),
        });
        const baseRunId = (await catalog.getView(database, plan.table))?.parameters?.[RUN_ID_PARAMETER];
        const applied = await applyChanges(
          {
            plan,
            changes: {
              bucket: LOCAL_BUCKETS.raw,
              prefix: `${cdcPrefix(source.name)}${info.schema}/${info.table}/`,
            },
            curatedBucket: LOCAL_BUCKETS.curated,
            ...(baseRunId === undefined ? {} : { baseRunId }),
          },
          { objectStore, duckdb, salt, tempRoot: paths.temp },
        );
        if (!applied.applied) {
          results.push({ table: table.name, applied: false });
          continue;
        }
        await commitTable(
          { plan: applied.plan, database, curatedBucket: LOCAL_BUCKETS.curated, expectedParts: 1 },
          { objectStore, catalog },
        );
        results.push({ table: table.name, applied: true, rows: applied.part.rows });
      }
      return { capture, tables: results, database, catalogFile: paths.catalogFile };
    } finally {
      catalog.close();
    }
  } finally {
    duckdb.closeSync();
  }
}
