import type { ExtractMode } from '../../config';
import { RUN_PARTITION_KEY } from '../pipeline';

/** How a table's runs are laid out in the catalog. */
export interface CommitLayout {
  /** The catalog's partition keys: the plan's, then `run` for an incremental table. */
  readonly partitionKeys: readonly string[];
  /**
   * Whether runs accumulate (incremental deltas): each run adds its own partitions, none is
   * deleted and retention deletes no run. Otherwise (snapshots) the newest run replaces the
   * table and runs beyond retention are deleted.
   */
  readonly accumulatesRuns: boolean;
}

/**
 * The catalog layout of a table in `mode`. An incremental run is a delta, so its rows must stay
 * next to every earlier run's; each run is registered as partitions with the extra key `run` at
 * the run's own `…/run=<id>/` prefix rather than the table pointing at a prefix covering all runs,
 * because Athena reads every object under a table's location (Athena user guide, "Specify a table
 * location in Amazon S3"): an uncommitted or failed run's files would be read too. Partitions
 * keep a run invisible until its commit registers it, and give `<table>_latest` a `run` column to
 * order versions by on Athena and DuckDB alike.
 *
 * @param mode the plan's mode; `undefined` (a plan made before plans had a mode) is a snapshot
 * @param planKeys the plan's partition key names, outermost first
 * @example
 * ```ts
 * commitLayout('incremental', ['created_at_month']); // { partitionKeys: ['created_at_month', 'run'], accumulatesRuns: true }
 * commitLayout('replica-query', []); // { partitionKeys: [], accumulatesRuns: false }
 * ```
 */
export function commitLayout(mode: ExtractMode | undefined, planKeys: readonly string[]): CommitLayout {
  const accumulatesRuns = mode === 'incremental';
  return {
    partitionKeys: accumulatesRuns ? [...planKeys, RUN_PARTITION_KEY] : [...planKeys],
    accumulatesRuns,
  };
}
