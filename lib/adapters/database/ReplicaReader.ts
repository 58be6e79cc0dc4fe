import type { Writable } from 'node:stream';
import type { SourceQuery } from '../../core/extract';
import type { SourceColumnType, SourceEngine } from '../../core/types';

/** A row of a small result, every value as the server's text (or NULL). */
export type TextRow = Readonly<Record<string, string | null>>;

/** One column of a source table, in source order. */
export interface SourceColumn {
  readonly name: string;
  readonly type: SourceColumnType;
}

/** How {@link ReplicaReader.copyToCsv} streams. */
export interface CopyToCsvOptions {
  /**
   * Aborts the stream, e.g. when the reading side failed.
   *
   * @default - no abort
   */
  readonly signal?: AbortSignal;
  /**
   * The `hash` mask's key (the salt secret's string), required when the query has `hmacColumns`.
   *
   * @default - none: a query with `hmacColumns` fails
   */
  readonly maskKey?: string;
}

/**
 * Reads the analytics read replica: MySQL/MariaDB ({@link MysqlReplicaReader}) or PostgreSQL
 * ({@link PostgresReplicaReader}). Each holds a pool of at most `poolSize` sessions, all in UTC and
 * read-only, so the source never sees more concurrent queries from one reader than its pool.
 */
export interface ReplicaReader {
  readonly engine: SourceEngine;
  /** Runs a small query (metadata, stats, boundaries) and returns its rows as text. */
  query(query: SourceQuery): Promise<TextRow[]>;
  /** The table's columns in source order with their catalog types. */
  columns(schema: string, table: string): Promise<SourceColumn[]>;
  /** The table's primary key columns in key order; empty when it has none. */
  primaryKey(schema: string, table: string): Promise<string[]>;
  /**
   * Streams a SELECT's rows into `target` as CSV (see `MysqlRowCsvWriter`) and ends it, never holding
   * the result in memory: PostgreSQL `COPY (…) TO STDOUT (FORMAT csv)`, MySQL the driver's row
   * stream. Every chunk written to `target` holds whole records (the extract spreads chunks over
   * several pipes). Resolves to the number of rows sent. Aborting `options.signal` destroys the
   * stream and its session; a session that fails mid-stream is destroyed, not returned to the pool.
   * The query's `hmacColumns` are written as their HMAC's hex, keyed by `options.maskKey`.
   */
  copyToCsv(query: SourceQuery, target: Writable, options?: CopyToCsvOptions): Promise<number>;
  /** Closes every pooled session. */
  close(): Promise<void>;
}
