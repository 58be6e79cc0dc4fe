import { assertRunId } from './runId';

/** Where one source's tables live in the curated bucket (its Glue database's location): `<source>/`. */
export function sourcePrefix(source: string): string {
  return `${source}/`;
}

/** Where one table lives in the curated bucket: `<source>/<table>/`. */
export function tablePrefix(source: string, table: string): string {
  return `${sourcePrefix(source)}${table}/`;
}

/** Hive-style partition directories, outermost first: `k1=v1/k2=v2/`, or `''` unpartitioned. */
export function partitionPath(keys: readonly string[], values: Readonly<Record<string, string>>): string {
  return keys.map((key) => `${key}=${encodePartitionValue(values[key])}/`).join('');
}

/** Hive's escaped characters: controls, DEL and the ones that mean something in a path or a key. */
const HIVE_SPECIAL = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '{', '[', ']', '^']);

function mustEscape(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f || HIVE_SPECIAL.has(c);
}

/**
 * Escapes a partition value the way Hive does, so `/`, `=` and other unsafe
 * characters cannot change the directory structure; a NULL becomes Hive's default
 * partition name.
 */
export function encodePartitionValue(value: string | undefined): string {
  if (value === undefined) return '__HIVE_DEFAULT_PARTITION__';
  return [...value]
    .map((c) => (mustEscape(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c))
    .join('');
}

/**
 * The prefix that holds one partition's data for one run:
 * `<source>/<table>/<k1>=<v1>/…/run=<runId>/`. Glue partitions (or the table, when
 * unpartitioned) point at it, so a run becomes visible in one catalog switch.
 *
 * @example
 * ```ts
 * runPartitionPrefix('service', 'items', ['created_at_month'], { created_at_month: '2026-11' }, '20261123T030005Z');
 * // 'service/items/created_at_month=2026-11/run=20261123T030005Z/'
 * ```
 */
export function runPartitionPrefix(
  source: string,
  table: string,
  keys: readonly string[],
  values: Readonly<Record<string, string>>,
  runId: string,
): string {
  return `${tablePrefix(source, table)}${partitionPath(keys, values)}run=${assertRunId(runId)}/`;
}

/** File name of the n-th file a part produced in one partition: deterministic, so a re-run overwrites it. */
export function partFileName(partIndex: number, fileIndex: number): string {
  return `part-${String(partIndex).padStart(5, '0')}-${String(fileIndex).padStart(3, '0')}.parquet`;
}

/**
 * Where one source's manifests live in the curated bucket: `_manifests/<source>/`, beside its
 * tables' data, never under it.
 *
 * @example
 * ```ts
 * sourceManifestPrefix('service'); // '_manifests/service/'
 * ```
 */
export function sourceManifestPrefix(source: string): string {
  return `_manifests/${sourcePrefix(source)}`;
}

/** Where the manifests of one table's run live: `_manifests/<source>/<table>/run=<runId>/`. */
export function manifestPrefix(source: string, table: string, runId: string): string {
  return `${sourceManifestPrefix(source)}${table}/run=${assertRunId(runId)}/`;
}

/** The manifest (a {@link PartResult} as JSON) of one part. */
export function manifestKey(source: string, table: string, runId: string, partIndex: number): string {
  return `${manifestPrefix(source, table, runId)}part-${String(partIndex).padStart(5, '0')}.json`;
}
