import { listAll, type ObjectStore } from '../adapters/objectStore';

/** A committed table's folder in the run's export: `<prefix>/<export id>/<database>/<schema>.<table>/`. */
export interface TableExport {
  /** The raw bucket. */
  readonly bucket: string;
  readonly folder: string;
}

/** Whether the table's folder holds no object: an earlier commit of this run deleted it (or nothing was exported). */
export async function tableExportEmpty(store: ObjectStore, tableExport: TableExport): Promise<boolean> {
  for await (const _object of store.list(tableExport.bucket, tableExport.folder)) return false;
  return true;
}

/**
 * Deletes every object of a committed table's export folder (its part files and markers), so the
 * table's unmasked rows leave the raw zone once its curated run is what readers see; other tables'
 * folders stay for their own commits. Run it only after the table's commit succeeded: a failed
 * commit keeps the export for its retry.
 *
 * @returns how many objects were deleted
 * @example
 * ```ts
 * await deleteTableExport(store, { bucket: 'raw', folder: 'exports/service/exp-1/service/service.users/' }); // 3
 * ```
 */
export async function deleteTableExport(store: ObjectStore, tableExport: TableExport): Promise<number> {
  const keys = (await listAll(store, tableExport.bucket, tableExport.folder)).map((object) => object.key);
  if (keys.length > 0) await store.delete(tableExport.bucket, keys);
  return keys.length;
}
