/**
 * The row-count check of a table's run: rows the lake holds − rows the source (its export or
 * extract) holds. 0 when complete; below 0 when rows are missing, above when there are too many.
 *
 * @example
 * ```ts
 * rowCountDifference(998, 1000); // -2
 * ```
 */
export function rowCountDifference(lakeRows: number, sourceRows: number): number {
  return lakeRows - sourceRows;
}
