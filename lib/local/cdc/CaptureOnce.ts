import type { DuckDBInstance } from '@duckdb/node-api';
import type { ReplicaEndpoint } from '../../adapters/database';
import type { ObjectStore } from '../../adapters/objectStore';
import type { CaptureTableInfo } from './writeCapturedTables';

/** What one capture reads: a source's database and tables. */
export interface CaptureInput {
  /** The lake's name of the source: its files go under `cdcPrefix(source)`. */
  readonly source: string;
  /** The server and database (plain TCP: the local test servers). */
  readonly endpoint: ReplicaEndpoint;
  /** The tables captured, by name: in the database (MariaDB), in schema `public` or as `schema.table` (PostgreSQL). */
  readonly tables: readonly string[];
  /** The local lake directory, which keeps the capture's position (`captureStateFile`). */
  readonly lakeDir: string;
  /**
   * The longest one capture may read the server's log (MariaDB's binlog stream waits for events
   * up to the position it started from): then it fails, naming both positions.
   *
   * @default 300_000 (5 minutes)
   */
  readonly readTimeoutMs?: number;
}

/** Where a capture writes. */
export interface CaptureDeps {
  /** The raw bucket's store. */
  readonly objectStore: ObjectStore;
  readonly duckdb: DuckDBInstance;
  /** @default 'raw' */
  readonly bucket?: string;
  /** Staging for the files. @default - the lake directory's `tmp` */
  readonly workDirectory?: string;
  /** @default the clock */
  readonly now?: () => Date;
}

/** What one capture did. */
export interface CaptureResult {
  /** `full-load` the first time (no position yet), then `cdc`. */
  readonly kind: 'full-load' | 'cdc';
  /** The keys of the files written, in the bucket. */
  readonly keys: readonly string[];
  /** Rows written (a full load's rows, or changes). */
  readonly rows: number;
  /** The captured tables as their catalogs describe them now. */
  readonly tables: readonly CaptureTableInfo[];
}
