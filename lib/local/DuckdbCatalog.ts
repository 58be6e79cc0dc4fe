import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Catalog } from '../adapters/catalog';
import type { CatalogPartition, CatalogTable, CatalogView } from '../core/commit';
import {
  CatalogBatchError,
  type CatalogBatchFailure,
  CatalogTableExistsError,
  CatalogTableNotFoundError,
  DataLakeError,
} from '../core/errors';
import { quoteIdentifier, quoteLiteral } from '../core/transform';
import { athenaTypeToDuckdb } from '../core/types';
import { openDuckdb, queryRows } from '../duckdb';
import { attachCatalog } from './attachCatalog';

/** Where the catalog keeps table and view definitions and partitions (DuckDB views cannot hold them). */
const META = '_datalake';

/** ENOENT, checked by code: fs errors may come from another realm. */
function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/** Every `.parquet` file under `directory`, sorted; none when it does not exist. */
async function parquetFiles(directory: string): Promise<string[]> {
  try {
    const names = await readdir(directory, { recursive: true });
    return names
      .filter((name) => name.endsWith('.parquet'))
      .map((name) => join(directory, name))
      .sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * The {@link Catalog} of local mode: a DuckDB database file with one schema per Glue database
 * (`<lake>_<source>`) and one VIEW per curated table over the Parquet files of its current
 * run — the table's location, or each partition's — read with `read_parquet([...])`, the
 * partition keys taken from the Hive-style paths as strings, as Athena shows them. An incremental
 * table's deltas table has one partition per run and partition (`…/run=<id>/`, partition key
 * `run`), so `run` is a column, as in Athena. Views made by {@link Catalog.upsertView} (`<table>`,
 * `<table>_latest`) are created as SQL views from the same SQL text Glue stores, and their
 * definitions kept so {@link Catalog.getView} returns them with their parameters; replacing a
 * view is one statement, so a reader sees one run or the next, as with Glue.
 *
 * Missing tables, names taken and partition batches are reported as Glue reports them (see
 * {@link Catalog}): a partition batch applies every entry it can and raises the others together
 * in a `CatalogBatchError` with Glue's error codes.
 *
 * Locations are `s3://<bucket>/<key>` as the commit step writes them; each maps to
 * `<bucketsRoot>/<bucket>/<key>`, where the local object store keeps the bucket. Calls run one
 * at a time: the commit step of several tables may call concurrently.
 *
 * @example
 * ```ts
 * const catalog = await DuckdbCatalog.open({ file: '.local/lake/catalog.duckdb', bucketsRoot: '.local/lake/buckets' });
 * try { await commitTable(input, { objectStore, catalog }); } finally { catalog.close(); }
 * ```
 */
export class DuckdbCatalog implements Catalog {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly duckdb: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly bucketsRoot: string,
  ) {}

  /** Opens (creating when missing) the catalog file. */
  public static async open(props: { file: string; bucketsRoot: string }): Promise<DuckdbCatalog> {
    const duckdb = await openDuckdb({ threads: 1 });
    const connection = await duckdb.connect();
    await attachCatalog(connection, props.file, false);
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${META}`);
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${META}.tables (database VARCHAR, name VARCHAR, definition VARCHAR, PRIMARY KEY (database, name))`,
    );
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${META}.views (database VARCHAR, name VARCHAR, definition VARCHAR, PRIMARY KEY (database, name))`,
    );
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${META}.partitions (database VARCHAR, name VARCHAR, partition_values VARCHAR, location VARCHAR, PRIMARY KEY (database, name, partition_values))`,
    );
    return new DuckdbCatalog(duckdb, connection, props.bucketsRoot);
  }

  public getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    return this.serial(async () => {
      const table = await this.definition<CatalogTable>('tables', database, name);
      if (table !== undefined) return table;
      const view = await this.definition<CatalogView>('views', database, name);
      return view === undefined
        ? undefined
        : { name, columns: view.columns, partitionKeys: [], location: '', parameters: view.parameters ?? {} };
    });
  }

  public getView(database: string, name: string): Promise<CatalogView | undefined> {
    return this.serial(() => this.definition<CatalogView>('views', database, name));
  }

  public createTable(database: string, table: CatalogTable): Promise<void> {
    return this.serial(async () => {
      if (
        (await this.definition('tables', database, table.name)) !== undefined ||
        (await this.definition('views', database, table.name)) !== undefined
      ) {
        throw new CatalogTableExistsError(database, table.name);
      }
      await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(database)}`);
      await this.connection.run(`INSERT INTO ${META}.tables VALUES ($1, $2, $3)`, [
        database,
        table.name,
        JSON.stringify(table),
      ]);
      await this.refreshView(database, table);
    });
  }

  public updateTable(database: string, table: CatalogTable): Promise<void> {
    return this.serial(async () => {
      await this.existingTable('updateTable', database, table.name);
      await this.connection.run(
        `UPDATE ${META}.tables SET definition = $3 WHERE database = $1 AND name = $2`,
        [database, table.name, JSON.stringify(table)],
      );
      await this.refreshView(database, table);
    });
  }

  public deleteTable(database: string, name: string): Promise<void> {
    return this.serial(async () => {
      for (const meta of ['tables', 'views', 'partitions']) {
        await this.connection.run(`DELETE FROM ${META}.${meta} WHERE database = $1 AND name = $2`, [
          database,
          name,
        ]);
      }
      await this.connection.run(`DROP VIEW IF EXISTS ${quoteIdentifier(database)}.${quoteIdentifier(name)}`);
    });
  }

  public getPartitions(database: string, table: string): Promise<CatalogPartition[]> {
    return this.serial(async () => {
      await this.existingTable('getPartitions', database, table);
      return this.partitions(database, table);
    });
  }

  public createPartitions(
    database: string,
    table: CatalogTable,
    partitions: readonly CatalogPartition[],
  ): Promise<void> {
    return this.serial(async () => {
      await this.existingTable('createPartitions', database, table.name);
      const existing = await this.partitionKeys(database, table.name);
      const failures: CatalogBatchFailure[] = [];
      for (const partition of partitions) {
        const values = JSON.stringify(partition.values);
        if (existing.has(values)) {
          failures.push({
            values: partition.values,
            code: 'AlreadyExistsException',
            message: 'Partition already exists.',
          });
          continue;
        }
        existing.add(values);
        await this.connection.run(`INSERT INTO ${META}.partitions VALUES ($1, $2, $3, $4)`, [
          database,
          table.name,
          values,
          partition.location,
        ]);
      }
      await this.refreshView(database, table);
      if (failures.length > 0)
        throw new CatalogBatchError('BatchCreatePartition', `${database}.${table.name}`, failures);
    });
  }

  public deletePartitions(
    database: string,
    table: string,
    partitions: readonly CatalogPartition[],
  ): Promise<void> {
    return this.serial(async () => {
      const definition = await this.existingTable('deletePartitions', database, table);
      const existing = await this.partitionKeys(database, table);
      const failures: CatalogBatchFailure[] = [];
      for (const partition of partitions) {
        const values = JSON.stringify(partition.values);
        if (!existing.delete(values)) {
          failures.push({
            values: partition.values,
            code: 'EntityNotFoundException',
            message: 'Partition not found.',
          });
          continue;
        }
        await this.connection.run(
          `DELETE FROM ${META}.partitions WHERE database = $1 AND name = $2 AND partition_values = $3`,
          [database, table, values],
        );
      }
      await this.refreshView(database, definition);
      if (failures.length > 0)
        throw new CatalogBatchError('BatchDeletePartition', `${database}.${table}`, failures);
    });
  }

  public upsertView(database: string, view: CatalogView): Promise<void> {
    return this.serial(async () => {
      await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(database)}`);
      await this.connection.run(
        `CREATE OR REPLACE VIEW ${quoteIdentifier(database)}.${quoteIdentifier(view.name)} AS ${view.sql}`,
      );
      await this.connection.run(`INSERT OR REPLACE INTO ${META}.views VALUES ($1, $2, $3)`, [
        database,
        view.name,
        JSON.stringify(view),
      ]);
    });
  }

  /** Closes the catalog file; the object is unusable afterwards. */
  public close(): void {
    this.connection.closeSync();
    this.duckdb.closeSync();
  }

  /** The stored definition of a table or view, or `undefined`. */
  private async definition<T>(
    meta: 'tables' | 'views',
    database: string,
    name: string,
  ): Promise<T | undefined> {
    const [row] = await queryRows(
      this.connection,
      `SELECT definition FROM ${META}.${meta} WHERE database = $1 AND name = $2`,
      [database, name],
    );
    return row === undefined ? undefined : (JSON.parse(String(row.definition)) as T);
  }

  /** The stored table, or a {@link CatalogTableNotFoundError} naming `operation`. */
  private async existingTable(operation: string, database: string, name: string): Promise<CatalogTable> {
    const table = await this.definition<CatalogTable>('tables', database, name);
    if (table === undefined) throw new CatalogTableNotFoundError(operation, database, name);
    return table;
  }

  /** The values (as stored, JSON) of the table's partitions. */
  private async partitionKeys(database: string, table: string): Promise<Set<string>> {
    return new Set(
      (await this.partitions(database, table)).map((partition) => JSON.stringify(partition.values)),
    );
  }

  private async partitions(database: string, table: string): Promise<CatalogPartition[]> {
    const rows = await queryRows(
      this.connection,
      `SELECT partition_values, location FROM ${META}.partitions WHERE database = $1 AND name = $2 ORDER BY partition_values`,
      [database, table],
    );
    return rows.map((row) => ({
      values: JSON.parse(String(row.partition_values)) as string[],
      location: String(row.location),
    }));
  }

  /** The local directory of an `s3://bucket/key` location. */
  private directoryOf(location: string): string {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(location);
    if (match === null) {
      throw new DataLakeError(`Local catalog: location "${location}" is not s3://<bucket>/<key>`);
    }
    return join(this.bucketsRoot, match[1] ?? '', match[2] ?? '');
  }

  /** (Re)creates the table's view over the files its location or partitions point at now. */
  private async refreshView(database: string, table: CatalogTable): Promise<void> {
    const locations =
      table.partitionKeys.length > 0
        ? (await this.partitions(database, table.name)).map((partition) => partition.location)
        : [table.location];
    const files = (
      await Promise.all(locations.map((location) => parquetFiles(this.directoryOf(location))))
    ).flat();
    const names = [...table.columns.map((column) => column.name), ...table.partitionKeys];
    const select =
      files.length === 0
        ? `SELECT ${[
            ...table.columns.map(
              (c) => `CAST(NULL AS ${athenaTypeToDuckdb(c.type)}) AS ${quoteIdentifier(c.name)}`,
            ),
            ...table.partitionKeys.map((key) => `CAST(NULL AS VARCHAR) AS ${quoteIdentifier(key)}`),
          ].join(', ')} WHERE false`
        : `SELECT ${names.map(quoteIdentifier).join(', ')} FROM read_parquet([${files.map(quoteLiteral).join(', ')}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`;
    await this.connection.run(
      `CREATE OR REPLACE VIEW ${quoteIdentifier(database)}.${quoteIdentifier(table.name)} AS ${select}`,
    );
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
