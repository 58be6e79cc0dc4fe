import type { CatalogPartition, CatalogTable, CatalogView } from '../../core/commit';

/**
 * The table catalog the commit step registers curated tables in: Glue in AWS
 * ({@link GlueCatalog}), DuckDB in local mode. Engine-neutral: it speaks in
 * {@link CatalogTable}s and {@link CatalogPartition}s, and each implementation builds its own
 * requests from them.
 */
export interface Catalog {
  /** The table `name` in `database`, or `undefined` when there is none. */
  getTable(database: string, name: string): Promise<CatalogTable | undefined>;
  createTable(database: string, table: CatalogTable): Promise<void>;
  /** Replaces the table's definition with `table` (same name). */
  updateTable(database: string, table: CatalogTable): Promise<void>;
  /** Every partition of the table, in no particular order. */
  getPartitions(database: string, table: string): Promise<CatalogPartition[]>;
  /** Adds partitions; they take `table`'s columns and storage. */
  createPartitions(
    database: string,
    table: CatalogTable,
    partitions: readonly CatalogPartition[],
  ): Promise<void>;
  /** Repoints existing partitions (matched by values) at their new locations. */
  updatePartitions(
    database: string,
    table: CatalogTable,
    partitions: readonly CatalogPartition[],
  ): Promise<void>;
  deletePartitions(database: string, table: string, partitions: readonly CatalogPartition[]): Promise<void>;
  /** Creates the view, or replaces it when it exists. */
  upsertView(database: string, view: CatalogView): Promise<void>;
}
