import type { StoredObject } from '../adapters/objectStore';

/**
 * The rows in a table's export part files, read from their Parquet footers. The export's table
 * info does not report row counts, so this is the count the commit step verifies against.
 *
 * @param parts the part files in `bucket`, with their sizes from the listing
 */
export type ExportRowCounter = (bucket: string, parts: readonly StoredObject[]) => Promise<number>;
