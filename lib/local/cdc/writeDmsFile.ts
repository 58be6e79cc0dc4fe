import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { ObjectStore } from '../../adapters/objectStore';
import { DMS_CHANGE_FORMAT } from '../../core/cdc';
import { quoteIdentifier as q, quoteLiteral } from '../../core/transform';
import { withConnection } from '../../duckdb';
import type { CapturedChange, CapturedValue } from './CapturedChange';

/** A column of a DMS file: its name and the DuckDB type giving DMS's Parquet type (`dmsParquetType`). */
export interface DmsFileColumn {
  readonly name: string;
  readonly duckdbType: string;
}

/** One DMS Parquet file to write. */
export interface DmsFile {
  /** Where in the bucket. */
  readonly key: string;
  /** The table's columns, in table order. */
  readonly columns: readonly DmsFileColumn[];
  /** The primary key's columns: a CDC file carries each before an update (`_dms_before_<key>`). */
  readonly keyColumns: readonly string[];
  readonly kind: 'full-load' | 'cdc';
  /** In commit order; a full load's are inserts. */
  readonly changes: readonly CapturedChange[];
}

/** What {@link writeDmsFile} writes with. */
export interface WriteDmsFileDeps {
  readonly duckdb: DuckDBInstance;
  readonly objectStore: ObjectStore;
  readonly bucket: string;
  /** A directory for the file's staging. */
  readonly workDirectory: string;
}

function text(value: CapturedValue | undefined, duckdbType: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  const bytes = Buffer.from(value);
  if (duckdbType === 'BLOB') return bytes.toString('hex');
  if (duckdbType === 'BOOLEAN') return bytes.some((byte) => byte !== 0) ? 'true' : 'false';
  return bytes.toString('utf8');
}

function typed(column: string, duckdbType: string): string {
  if (duckdbType === 'BLOB') return `unhex(${column})`;
  return duckdbType === 'VARCHAR' ? column : `CAST(${column} AS ${duckdbType})`;
}

/**
 * Writes changes as one Parquet file the way AWS DMS's S3 target writes it with the lake's
 * settings (`dmsS3Settings`, "Using Amazon S3 as a target for AWS Database Migration Service"):
 * the operation first (`Op`: `I`, `U`, `D`; `I` in a full load too, `IncludeOpForFullLoad`), the
 * commit-time column (`_dms_commit_time`, text `yyyy-MM-dd HH:mm:ss.SSSSSS`), the row's columns in
 * DMS's Parquet types, and in a CDC file the key before each update (`_dms_before_<key>`, the
 * `add-before-image-columns` rule; NULL on inserts and deletes). Rows keep the order given; an
 * empty table gets no file (DMS makes a table's folder only when it has records).
 *
 * @returns the rows written
 * @example
 * ```ts
 * await writeDmsFile({ key: 'cdc/shop/shop/items/LOAD00000001.parquet', columns, keyColumns: ['id'], kind: 'full-load', changes }, deps);
 * ```
 */
export async function writeDmsFile(file: DmsFile, deps: WriteDmsFileDeps): Promise<number> {
  const format = DMS_CHANGE_FORMAT;
  const befores = file.kind === 'cdc' ? file.keyColumns : [];
  const typeOf = new Map(file.columns.map((column) => [column.name, column.duckdbType]));
  const types = [
    'VARCHAR',
    'VARCHAR',
    ...file.columns.map((column) => column.duckdbType),
    ...befores.map((key) => typeOf.get(key) ?? 'VARCHAR'),
  ];
  const names = [
    format.operationColumn,
    format.commitTimeColumn,
    ...file.columns.map((column) => column.name),
    ...befores.map((key) => `${format.beforeImagePrefix}${key}`),
  ];
  // Every value travels as JSON text (`c0`, `c1`, … in file order) and is cast to its type in DuckDB.
  const values = (change: CapturedChange): (string | null)[] => [
    change.op,
    change.commitTime,
    ...file.columns.map((column) => text(change.row[column.name], column.duckdbType)),
    ...befores.map((key) =>
      change.op === 'U'
        ? text(change.keyBefore?.[key] ?? change.row[key], typeOf.get(key) ?? 'VARCHAR')
        : null,
    ),
  ];
  const lines = file.changes.map((change, index) =>
    JSON.stringify(
      Object.fromEntries([['n', index], ...values(change).map((value, at) => [`c${at}`, value])]),
    ),
  );
  const work = await mkdtemp(join(deps.workDirectory, 'dms-'));
  const stem = join(work, 'file');
  try {
    await writeFile(`${stem}.json`, `${lines.join('\n')}\n`);
    await writeParquet(deps, stem, names, types);
    await deps.objectStore.uploadFile(deps.bucket, file.key, `${stem}.parquet`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return file.changes.length;
}

/** `<stem>.json`'s rows as `<stem>.parquet`, each column cast to its type, in row order. */
async function writeParquet(
  deps: WriteDmsFileDeps,
  stem: string,
  names: readonly string[],
  types: readonly string[],
): Promise<void> {
  const select = names.map((name, at) => `${typed(q(`c${at}`), types[at] ?? 'VARCHAR')} AS ${q(name)}`);
  const columns = [`'n': 'BIGINT'`, ...names.map((_, at) => `${quoteLiteral(`c${at}`)}: 'VARCHAR'`)];
  await withConnection(deps.duckdb, (connection) =>
    connection.run(
      `COPY (SELECT ${select.join(', ')} FROM read_json(${quoteLiteral(`${stem}.json`)}, format = 'newline_delimited', columns = {${columns.join(', ')}}) ORDER BY n) TO ${quoteLiteral(`${stem}.parquet`)} (FORMAT parquet)`,
    ),
  );
}
