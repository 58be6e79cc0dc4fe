import type { TablePlan } from './TablePlan';

/**
 * Where one table's export part files are. `keys` is listed only for a few parts; above that the
 * orchestration's Distributed Map reads the part list the plan wrote at `listKey`.
 */
export interface TableParts {
  readonly bucket: string;
  /** The table's folder in the export: `<prefix>/<export id>/<database>/<schema>.<table>/`. */
  readonly prefix: string;
  /** Number of part files (`….parquet`) under `prefix`. */
  readonly count: number;
  /**
   * The part files' keys, in key order.
   *
   * @default - not listed: more than {@link MAX_LISTED_PART_KEYS} parts
   */
  readonly keys?: readonly string[];
  /**
   * Key in `bucket` of the part list: a JSON array of `{ key, index }`, one item per part file
   * (see `partListKey` in lib/core/orchestration), which the Distributed Map reads.
   */
  readonly listKey: string;
}

/** One table of a run's work list: its plan and its input parts. */
export interface PlannedTableWork {
  readonly table: TablePlan;
  readonly parts: TableParts;
}

/** Up to this many part keys travel in the state; more go through a Distributed Map's ItemReader. */
export const MAX_LISTED_PART_KEYS = 100;

/**
 * The work list of one run of a source, for the state machine: per pool, the tables to curate
 * ordered by priority (highest first) then name, each with its plan and export part files.
 * Plain JSON: it travels through Step Functions.
 */
export interface RunPlan {
  readonly runId: string;
  /** Source name from the config. */
  readonly source: string;
  readonly exportId: string;
  /** Pool name → the pool's tables in run order. */
  readonly pools: Readonly<Record<string, readonly PlannedTableWork[]>>;
}
