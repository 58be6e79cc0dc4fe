import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { DataLakeError } from '../core/errors';

/**
 * The files DuckDB keeps a database in: the file itself, its write-ahead log (commits since the
 * last checkpoint) and the log a checkpoint in progress sets aside (`.wal.checkpoint`, a name in
 * the library of @duckdb/node-api 1.5.5). A copy needs them all to hold the last commit.
 */
const DATABASE_FILE_SUFFIXES = ['', '.wal', '.wal.checkpoint'] as const;

/** Copies tried before giving up on a catalog that changes during every copy. */
const COPY_ATTEMPTS = 20;

/** The wait after the n-th copy that changed, in ms: a run commits in bursts, with gaps. */
const RETRY_WAIT_MS = 10;

/** ENOENT, checked by code: fs errors may come from another realm. */
function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/** Size, change time and inode of each of the database's files: equal twice means unchanged. */
async function fingerprint(file: string): Promise<string> {
  const parts: string[] = [];
  for (const suffix of DATABASE_FILE_SUFFIXES) {
    try {
      const info = await stat(`${file}${suffix}`, { bigint: true });
      parts.push(`${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`);
    } catch (error) {
      if (!isMissing(error)) throw error;
      parts.push('-');
    }
  }
  return parts.join('|');
}

/** Copies each of the database's files that exists into `directory`, under `name`. */
async function copyDatabaseFiles(file: string, directory: string, name: string): Promise<void> {
  for (const suffix of DATABASE_FILE_SUFFIXES) {
    const target = join(directory, `${name}${suffix}`);
    await rm(target, { force: true });
    try {
      await copyFile(`${file}${suffix}`, target);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}

/** A private copy of a DuckDB database file; `dispose` removes it. */
export interface CatalogSnapshot {
  /** The copy's database file, to attach READ_ONLY. */
  readonly file: string;
  readonly dispose: () => Promise<void>;
}

/**
 * Copies a local catalog's DuckDB file with its write-ahead logs into a new temporary directory,
 * so a query can read it while `datalake local` holds it open for writing. DuckDB lets one
 * process write a database file or several read it, never both: a READ_ONLY open of a file
 * another process writes fails on the file lock ("Could not set lock on file … Conflicting lock
 * is held"; DuckDB docs, Connect > Concurrency), and a reader's lock would in turn stop a run
 * from starting. The copy takes no lock; opening it replays the copied log, so it shows every
 * commit up to the copy. The files are copied again until their size, times and inode are the
 * same before and after, so no commit or checkpoint lands halfway through the copy, waiting a
 * little longer after each copy that changed for a gap between the run's commits.
 *
 * @throws DataLakeError when the files changed during each of 20 copies (about 2 s of waits)
 * @example
 * ```ts
 * const snapshot = await snapshotCatalog('.local/lake/catalog.duckdb');
 * try { await attachCatalog(connection, snapshot.file, true); } finally { await snapshot.dispose(); }
 * ```
 */
export async function snapshotCatalog(catalogFile: string): Promise<CatalogSnapshot> {
  const directory = await mkdtemp(join(tmpdir(), 'datalake-catalog-'));
  const dispose = () => rm(directory, { recursive: true, force: true });
  const name = basename(catalogFile);
  try {
    for (let attempt = 1; attempt <= COPY_ATTEMPTS; attempt++) {
      const before = await fingerprint(catalogFile);
      await copyDatabaseFiles(catalogFile, directory, name);
      if ((await fingerprint(catalogFile)) === before) return { file: join(directory, name), dispose };
      await setTimeout(RETRY_WAIT_MS * attempt);
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  await dispose();
  throw new DataLakeError(
    `The local catalog ${catalogFile} changed during each of ${COPY_ATTEMPTS} copies; allowed: a catalog that holds still for one copy (retry the query)`,
  );
}
