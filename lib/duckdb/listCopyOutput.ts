import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { DataLakeError } from '../core/errors';

/** Directory name DuckDB (and Hive) give a NULL partition value. */
const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** One Parquet file a COPY wrote, with the partition it belongs to. */
export interface CopyOutputFile {
  /** Absolute path of the file. */
  readonly path: string;
  /** Partition key → value, decoded from DuckDB's `k=v` directories; a NULL value is left out. */
  readonly partitionValues: Readonly<Record<string, string>>;
  /** Index of the file among the files of its partition, in name order: 0, 1, … */
  readonly fileIndex: number;
}

/**
 * The Parquet files a {@link copyToParquet} wrote under `directory`, grouped by partition in
 * name order, with each partition's values decoded from DuckDB's directory names (it
 * percent-encodes values as UTF-8 and writes NULL as `__HIVE_DEFAULT_PARTITION__`).
 *
 * @throws DataLakeError when a file's directories do not match `partitionKeys` in order
 * @example
 * ```ts
 * await listCopyOutput('/tmp/out', ['created_at_month']);
 * // [{ path: '/tmp/out/created_at_month=2024-02/data_0.parquet', partitionValues: { created_at_month: '2024-02' }, fileIndex: 0 }]
 * ```
 */
export async function listCopyOutput(
  directory: string,
  partitionKeys: readonly string[],
): Promise<CopyOutputFile[]> {
  const names = (await readdir(directory, { recursive: true }))
    .filter((name) => name.endsWith('.parquet'))
    .sort();
  const seen = new Map<string, number>();
  return names.map((name) => {
    const segments = name.split(sep);
    const dirs = segments.slice(0, -1);
    const partitionDir = dirs.join('/');
    const fileIndex = seen.get(partitionDir) ?? 0;
    seen.set(partitionDir, fileIndex + 1);
    return {
      path: join(directory, name),
      partitionValues: decodePartition(dirs, partitionKeys, name),
      fileIndex,
    };
  });
}

function decodePartition(
  dirs: readonly string[],
  keys: readonly string[],
  name: string,
): Record<string, string> {
  if (dirs.length !== keys.length) {
    throw new DataLakeError(
      `Unexpected COPY output ${name}: ${dirs.length} partition directories; expected ${keys.length} (${keys.join(', ') || 'none'})`,
    );
  }
  const values: Record<string, string> = {};
  dirs.forEach((dir, index) => {
    const key = keys[index] as string;
    if (!dir.startsWith(`${key}=`)) {
      throw new DataLakeError(`Unexpected COPY output ${name}: directory "${dir}"; expected "${key}=…"`);
    }
    const encoded = dir.slice(key.length + 1);
    if (encoded !== NULL_PARTITION) values[key] = decodeURIComponent(encoded);
  });
  return values;
}
