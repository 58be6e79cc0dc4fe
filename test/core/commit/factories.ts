/**
 * Builders of commit-step test data: part manifests that satisfy the PartResult contract,
 * overridable where a test needs something else.
 */
import { type PartResult, runPartitionPrefix, type WrittenColumn } from '../../../lib/core/pipeline';

/** The run most tests commit. */
export const RUN = '20261123T030005Z';

/** A two-column schema as DuckDB describes it. */
export const USERS_SCHEMA: readonly WrittenColumn[] = [
  { name: 'id', duckdbType: 'INTEGER' },
  { name: 'email_hash', duckdbType: 'VARCHAR' },
];

/** Options of {@link partResult}. */
export interface PartResultOptions {
  readonly source?: string;
  readonly table?: string;
  readonly runId?: string;
  readonly schema?: readonly WrittenColumn[];
  /** Partition keys of the table, outermost first. */
  readonly partitionKeys?: readonly string[];
  /** One file per entry: its rows and partition values. */
  readonly files?: readonly { rows: number; values?: Record<string, string> }[];
}

/**
 * The manifest of part `partIndex` of `service.users` in {@link RUN}, with one file of 10 rows
 * unless `files` says otherwise; files sit at their partition's run prefix.
 */
export function partResult(partIndex: number, options: PartResultOptions = {}): PartResult {
  const source = options.source ?? 'service';
  const table = options.table ?? 'users';
  const runId = options.runId ?? RUN;
  const keys = options.partitionKeys ?? [];
  const files = (options.files ?? [{ rows: 10 }]).map((file, fileIndex) => {
    const values = file.values ?? {};
    const prefix = runPartitionPrefix(source, table, keys, values, runId);
    return {
      key: `${prefix}part-${String(partIndex).padStart(5, '0')}-${String(fileIndex).padStart(3, '0')}.parquet`,
      bytes: 1000 + file.rows,
      rows: file.rows,
      partitionValues: values,
    };
  });
  return {
    source,
    table,
    runId,
    partIndex,
    rows: files.reduce((sum, file) => sum + file.rows, 0),
    files,
    schema: options.schema ?? USERS_SCHEMA,
  };
}
