import { exportRootPrefix } from '../export/exportLayout';
import { assertRunId } from '../pipeline/runId';

/**
 * One item of a table's part list: a part file of the export and its index among the
 * table's parts (from 0, contiguous), which names the curated files and the manifest.
 */
export interface PartListItem {
  readonly key: string;
  readonly index: number;
}

/**
 * Where the plan step writes a table's part list (a JSON array of {@link PartListItem}) in
 * the raw bucket: `<prefix>/<export id>/_datalake/<run id>/<schema>.<table>.json`. The
 * Distributed Map reads it with a JSON ItemReader instead of listing the export's folder,
 * which also holds markers such as `_SUCCESS`. It sits beside the export, so it expires
 * with it.
 *
 * @param prefix the export task's S3 prefix (`''` when it has none)
 * @example
 * ```ts
 * partListKey('exports/service', 'lake-service-20261123t030005z', '20261123T030005Z', 'service', 'orders');
 * // 'exports/service/lake-service-20261123t030005z/_datalake/20261123T030005Z/service.orders.json'
 * ```
 */
export function partListKey(
  prefix: string,
  exportId: string,
  runId: string,
  schema: string,
  table: string,
): string {
  return `${exportRootPrefix(prefix, exportId)}_datalake/${assertRunId(runId)}/${schema}.${table}.json`;
}

/**
 * The object key pattern of every part list of a source's exports under `prefix`, for IAM:
 * `<prefix>/<any export id>/_datalake/<anything>`.
 *
 * @example
 * ```ts
 * const pattern = partListKeyPattern('exports/service/');
 * bucket.arnForObjects(pattern); // …/exports/service/<star>/_datalake/<star>
 * ```
 */
export function partListKeyPattern(prefix: string): string {
  return `${exportRootPrefix(prefix, '*')}_datalake/*`;
}

/**
 * The part list of a table from its part keys, indexed in the order given (the listing's key
 * order, as the inline Map indexes `parts.keys`).
 *
 * @example
 * ```ts
 * partList(['t/1/part-00000.parquet', 't/1/part-00001.parquet']);
 * // [{ key: 't/1/part-00000.parquet', index: 0 }, { key: 't/1/part-00001.parquet', index: 1 }]
 * ```
 */
export function partList(keys: readonly string[]): PartListItem[] {
  return keys.map((key, index) => ({ key, index }));
}
