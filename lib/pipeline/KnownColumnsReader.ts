/**
 * The column names the curated table already has in the catalog (data columns and partition
 * keys), or `undefined` when the table does not exist yet (the first run).
 *
 * @param table the curated table's name (the source table's name)
 */
export type KnownColumnsReader = (table: string) => Promise<readonly string[] | undefined>;
