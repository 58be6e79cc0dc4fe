import { join, resolve } from 'node:path';

/** Where local mode keeps things inside a lake directory. */
export interface LocalLakePaths {
  /** The lake directory itself, absolute. */
  readonly root: string;
  /** Buckets as directories (`<buckets>/raw`, `<buckets>/curated`), for the FileObjectStore. */
  readonly buckets: string;
  /** The DuckDB database file holding the local catalog's schemas and views. */
  readonly catalogFile: string;
  /** The run log `datalake status --local` reads. */
  readonly runLog: string;
  /** The lock a local run holds while it runs: one run per lake directory at a time. */
  readonly runLock: string;
  /** Scratch space for the transform's downloads and DuckDB's spills. */
  readonly temp: string;
}

/** The local buckets' names: what the state machine's bucket references resolve to. */
export const LOCAL_BUCKETS = { raw: 'raw', curated: 'curated' } as const;

/**
 * The layout of a local lake directory.
 *
 * @example
 * ```ts
 * localLakePaths('.local/lake').catalogFile; // '/abs/.local/lake/catalog.duckdb'
 * ```
 */
export function localLakePaths(lakeDir: string): LocalLakePaths {
  const root = resolve(lakeDir);
  return {
    root,
    buckets: join(root, 'buckets'),
    catalogFile: join(root, 'catalog.duckdb'),
    runLog: join(root, 'runs.json'),
    runLock: join(root, 'run.lock'),
    temp: join(root, 'tmp'),
  };
}
