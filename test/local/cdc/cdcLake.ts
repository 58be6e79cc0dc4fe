/**
 * A local lake fed by a change capture, for the capture suites: the capture writes DMS files into
 * the raw bucket, lib/core/cdc's apply (`applyChanges`) and `commitTable` make `<table>_latest`,
 * and `latestText` reads it back as text to compare with the source value by value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { RUN_ID_PARAMETER } from '../../../lib/core/commit';
import { cdcPrefix } from '../../../lib/core/naming';
import { planTable, type TablePlan } from '../../../lib/core/pipeline';
import type { SourceColumnType, SourceEngine } from '../../../lib/core/types';
import { openDuckdb, queryRows, withConnection } from '../../../lib/duckdb';
import { attachCatalog } from '../../../lib/local/attachCatalog';
import type { CaptureResult } from '../../../lib/local/cdc';
import { DuckdbCatalog } from '../../../lib/local/DuckdbCatalog';
import { FileObjectStore } from '../../../lib/local/FileObjectStore';
import { LOCAL_BUCKETS } from '../../../lib/local/localCatalogPaths';
import { applyChanges } from '../../../lib/pipeline/applyChanges';
import { commitTable } from '../../../lib/pipeline/commitTable';
import { parsedConfig } from '../../helpers/configFactory';

const DB = 'lake_cdc';

/** One lake directory, its buckets and catalog, for one scenario. */
export class CdcLake {
  readonly root = mkdtempSync(join(tmpdir(), 'cdc-capture-'));
  readonly objectStore = new FileObjectStore(join(this.root, 'buckets'));
  private runs = 0;
  private knownColumns: string[] | undefined;

  private constructor(
    readonly duckdb: DuckDBInstance,
    private readonly source: {
      name: string;
      engine: SourceEngine;
      database: string;
      schema: string;
      table: string;
    },
  ) {}

  static async open(source: {
    name: string;
    engine: SourceEngine;
    database: string;
    schema: string;
    table: string;
  }): Promise<CdcLake> {
    return new CdcLake(await openDuckdb({ threads: 1 }), source);
  }

  close(): void {
    this.duckdb.closeSync();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** The table's plan now (new columns included), as planTable makes it from the source's catalog. */
  private plan(
    runId: string,
    columns: readonly { name: string; type: SourceColumnType }[],
    primaryKey: readonly string[],
  ): TablePlan {
    const { name, engine, database, table } = this.source;
    const config = parsedConfig({
      sources: [
        {
          name,
          engine,
          database,
          primary: { instanceIdentifier: 'db' },
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cdc-AbCdEf',
          tables: [{ name: table, newColumns: 'include' }],
        },
      ],
    });
    const source = config.sources[0];
    const tableConfig = source?.tables[0];
    if (source === undefined || tableConfig === undefined) throw new Error('no source');
    return planTable({
      source,
      table: tableConfig,
      sourceColumns: columns,
      runId,
      expectedRows: 0,
      primaryKey,
      ...(this.knownColumns === undefined ? {} : { knownColumns: this.knownColumns }),
    });
  }

  private async shownRun(): Promise<string | undefined> {
    const catalog = await this.catalog();
    try {
      return (await catalog.getView(DB, this.source.table))?.parameters?.[RUN_ID_PARAMETER];
    } finally {
      catalog.close();
    }
  }

  private catalog(): Promise<DuckdbCatalog> {
    return DuckdbCatalog.open({
      file: join(this.root, 'catalog.duckdb'),
      bucketsRoot: join(this.root, 'buckets'),
    });
  }

  /** One apply cycle: the capture's new files applied on the version readers see, committed. */
  async apply(
    columns: readonly { name: string; type: SourceColumnType }[],
    primaryKey: readonly string[],
  ): Promise<boolean> {
    this.runs += 1;
    const runId = `20261207T10${String(this.runs).padStart(2, '0')}00Z`;
    const plan = this.plan(runId, columns, primaryKey);
    const baseRunId = await this.shownRun();
    const applied = await applyChanges(
      {
        plan,
        changes: {
          bucket: LOCAL_BUCKETS.raw,
          prefix: `${cdcPrefix(this.source.name)}${this.source.schema}/${this.source.table}/`,
        },
        curatedBucket: LOCAL_BUCKETS.curated,
        ...(baseRunId === undefined ? {} : { baseRunId }),
      },
      { objectStore: this.objectStore, duckdb: this.duckdb, salt: 'cdc-salt', tempRoot: this.root },
    );
    if (!applied.applied) return false;
    const catalog = await this.catalog();
    try {
      await commitTable(
        { plan: applied.plan, database: DB, curatedBucket: LOCAL_BUCKETS.curated, expectedParts: 1 },
        { objectStore: this.objectStore, catalog },
      );
    } finally {
      catalog.close();
    }
    this.knownColumns = plan.columns.map((column) => column.output);
    return true;
  }

  /** `<table>_latest` as text: each column through `expressions` (DuckDB SQL over the column), ordered by `orderBy`. */
  async latestText(
    expressions: Readonly<Record<string, string>>,
    orderBy: string,
  ): Promise<Record<string, unknown>[]> {
    const reader = await openDuckdb({ threads: 1 });
    try {
      return await withConnection(reader, async (connection) => {
        await attachCatalog(connection, join(this.root, 'catalog.duckdb'), true);
        const select = Object.entries(expressions)
          .map(([name, sql]) => `${sql} AS "${name}"`)
          .join(', ');
        return queryRows(
          connection,
          `SELECT ${select} FROM ${DB}.${this.source.table}_latest ORDER BY ${orderBy}`,
        );
      });
    } finally {
      reader.closeSync();
    }
  }

  /** The Parquet schema of a file the capture wrote, as DuckDB reads it: `[name, type]` in order. */
  async schemaOf(key: string): Promise<[string, string][]> {
    const path = join(this.root, 'buckets', LOCAL_BUCKETS.raw, key);
    return withConnection(this.duckdb, async (connection) =>
      (await queryRows(connection, `DESCRIBE SELECT * FROM '${path}'`)).map((row) => [
        String(row.column_name),
        String(row.column_type),
      ]),
    );
  }

  /** The rows of a file the capture wrote, every value as text. */
  async rowsOf(key: string): Promise<Record<string, unknown>[]> {
    const path = join(this.root, 'buckets', LOCAL_BUCKETS.raw, key);
    return withConnection(this.duckdb, (connection) =>
      queryRows(connection, `SELECT COLUMNS(*)::VARCHAR FROM '${path}'`),
    );
  }
}

/** The file names of a capture's keys: `LOAD00000001.parquet`, `yyyy/MM/dd/yyyyMMdd-HHmmssSSS.parquet`. */
export function fileNames(result: CaptureResult, folder: string): string[] {
  return result.keys.map((key) => key.slice(folder.length));
}
