import type { CatalogPartition, CatalogTable, CatalogView } from '../../core/commit';

/**
 * The table catalog the commit step registers curated tables in: Glue in AWS
 * ({@link GlueCatalog}), DuckDB in local mode. Engine-neutral: it speaks in
 * {@link CatalogTable}s, {@link CatalogPartition}s and {@link CatalogView}s, and each
 * implementation builds its own requests from them.
 */
export interface Catalog {
  /**
   * The table or view `name` in `database`, or `undefined` when there is none. A view comes back
   * as a table of its columns with no partition keys, as Glue's GetTable shows it.
   */
  getTable(database: string, name: string): Promise<CatalogTable | undefined>;
  /** The view `name` in `database`, or `undefined` when there is none or it is not a view. */
  getView(database: string, name: string): Promise<CatalogView | undefined>;
  /** @throws CatalogTableExistsError when a table or view of that name exists */
  createTable(database: string, table: CatalogTable): Promise<void>;
  /**
   * Replaces the table's definition with `table` (same name).
   *
   * @throws CatalogTableNotFoundError when there is no such table
   */
  updateTable(database: string, table: CatalogTable): Promise<void>;
  /** Deletes the table or view and its partitions; nothing happens when there is none. */
  deleteTable(database: string, name: string): Promise<void>;
  /**
   * Every partition of the table, in no particular order.
   *
   * @throws CatalogTableNotFoundError when there is no such table
   */
  getPartitions(database: string, table: string): Promise<CatalogPartition[]>;
  /**
   * Adds partitions; they take `table`'s columns and storage. Partitions that already exist are
   * left as they are and reported together once the others are added.
   *
   * @throws CatalogBatchError naming the partitions that already existed
   * @throws CatalogTableNotFoundError when there is no such table
   */
  createPartitions(
    database: string,
    table: CatalogTable,
    partitions: readonly CatalogPartition[],
  ): Promise<void>;
  /**
   * Deletes partitions by their values. Partitions that do not exist are reported together once
   * the others are deleted.
   *
   * @throws CatalogBatchError naming the partitions that did not exist
   * @throws CatalogTableNotFoundError when there is no such table
   */
  deletePartitions(database: string, table: string, partitions: readonly CatalogPartition[]): Promise<void>;
  /**
   * Creates the view, or replaces it when it exists, in one call that readers see whole: the
   * commit's switch from one run to the next.
   */
  upsertView(database: string, view: CatalogView): Promise<void>;
}
