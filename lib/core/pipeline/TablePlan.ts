import type { ExtractMode, InvalidDates } from '../../config';
import type { SourceColumnType } from '../types';

/** How a planned column's values are masked, resolved from the config's column rule. */
export type PlannedMask =
  | { readonly kind: 'hash' }
  | { readonly kind: 'redact'; readonly token?: string }
  | { readonly kind: 'truncate'; readonly length: number };

/** One column of the curated table and where it comes from. */
export interface PlannedColumn {
  /** Column name in the source (and in the RDS export). */
  readonly source: string;
  /** Column name in the curated table (after `rename`). */
  readonly output: string;
  /** The source's declared type, as the export's table info or information_schema reports it. */
  readonly sourceType: SourceColumnType;
  /** The curated Athena type (after `cast`). */
  readonly athenaType: string;
  /** The DuckDB type written to the curated Parquet. */
  readonly duckdbType: string;
  /** @default - not masked */
  readonly mask?: PlannedMask;
  /** The config's `cast` (an Athena type). @default - the mapped type */
  readonly cast?: string;
}

/** One Hive-style partition key of the curated table. */
export interface PlannedPartitionKey {
  /** Partition key name: the output column for `value`, else `<output>_<granularity>`. */
  readonly name: string;
  /** The curated column (output name) the value is derived from. */
  readonly column: string;
  readonly granularity: 'year' | 'month' | 'day' | 'value';
}

/**
 * An incremental run's window as its commit records it: where the window ends and which committed
 * run it follows. Plain JSON: it travels with the plan.
 */
export interface PlannedWindow {
  /**
   * The window's end (`WatermarkWindow.through`): the table's watermark once this run is committed.
   *
   * @default - nothing to read yet (an integer watermark of an empty table, none committed)
   */
  readonly through?: string;
  /**
   * The run readers saw when this run was planned, whose recorded watermark the window starts
   * after; the commit refuses this run when another one has been committed since.
   *
   * @default - no run was committed yet: the window has no lower bound
   */
  readonly afterRun?: string;
}

/**
 * Everything a transform or extract needs to curate one table in one run, decided
 * once by the plan step from the config, the source's columns and the catalog's
 * known columns. Plain JSON: it travels through Step Functions.
 */
export interface TablePlan {
  /** Source name from the config. */
  readonly source: string;
  /** Database inside the source instance. */
  readonly database: string;
  /** Schema (PostgreSQL) or database (MySQL) of the table. */
  readonly schema: string;
  /** Table name in the source; the curated table has the same name. */
  readonly table: string;
  /** The run this plan belongs to; see `runId.ts`. */
  readonly runId: string;
  /** Curated columns in output order. */
  readonly columns: readonly PlannedColumn[];
  /** Source columns left out because a rule drops them. */
  readonly dropped: readonly string[];
  /** Source columns left out because they are new and `newColumns` is `exclude`. */
  readonly excludedNewColumns: readonly string[];
  /** New source columns taken in because `newColumns` is `include`. */
  readonly includedNewColumns: readonly string[];
  /** Partition keys, outermost first. */
  readonly partitionKeys: readonly PlannedPartitionKey[];
  /** Rows the source holds for this run (the export's count, or the extract's). */
  readonly expectedRows: number;
  /**
   * When the snapshot a `snapshot-export` run exported was created, ISO 8601 UTC (RDS's
   * ExportTask `SnapshotTime`): what the table's data is as of, which can be a day or more before
   * the run (the newest automated snapshot, or one given in the input).
   *
   * @default - unknown (a replica-path plan, or a plan made before the field existed): the run's start
   */
  readonly snapshotTime?: string;
  /**
   * How the table is read. An `incremental` run is a delta: the commit accumulates its runs
   * instead of replacing the table with the newest one.
   *
   * @default 'snapshot-export' - plans made before the field existed replace the table per run
   */
  readonly mode?: ExtractMode;
  /**
   * Output names of the source's primary key columns, in key order, when the planner knows them
   * and the curated values still identify a row (no key column dropped, redacted or truncated).
   * The `<table>_latest` view of an incremental table keeps the newest version per key.
   *
   * @default - unknown: `<table>_latest` does not dedupe
   */
  readonly primaryKey?: readonly string[];
  /**
   * Output name of an incremental table's watermark column.
   *
   * @default - none: not incremental, or the watermark column is not curated (dropped)
   */
  readonly watermarkColumn?: string;
  /**
   * An incremental run's window, which its commit records with the run (see `commitTable`).
   *
   * @default - none: not incremental
   */
  readonly window?: PlannedWindow;
  /**
   * The table's freshness SLO in seconds (its `freshnessSlo`, else its source's): the commit
   * publishes its freshness as a share of it, which one alarm per source watches for every table,
   * those `includeTables: all` finds included.
   *
   * @default - plans made before the field existed: no share published
   */
  readonly freshnessSloSeconds?: number;
  /**
   * The source's `invalidDates`: what a MySQL zero or partial-zero date (or one that does not
   * exist) in a kept column becomes: `null` lands it as NULL, counted per column; `fail` fails the
   * part naming the column and the value.
   *
   * @default 'null' - plans made before the field existed
   */
  readonly invalidDates?: InvalidDates;
}
