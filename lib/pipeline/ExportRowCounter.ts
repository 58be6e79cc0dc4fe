/**
 * The rows in a table's export part files, read from their Parquet footers. The export's table
 * info does not report row counts, so this is the count the commit step verifies against.
 *
 * @param keys the part files' keys in `bucket`
 */
export type ExportRowCounter = (bucket: string, keys: readonly string[]) => Promise<number>;
