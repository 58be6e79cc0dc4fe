/**
 * The metrics the lake's functions publish (in the lake's namespace, `metricsNamespace`), in one
 * place so the functions, the alarms, the dashboard and local mode agree on their names, units
 * and dimensions.
 */

/** CloudWatch units the lake's metrics use (`StandardUnit` names). */
export type LakeMetricUnit = 'Count' | 'Bytes' | 'Seconds' | 'Percent';

/**
 * What a metric is kept per: a source's table (dimensions {@link TABLE_DIMENSIONS}), a source
 * (dimensions {@link SOURCE_DIMENSIONS}) or a stream (dimensions {@link STREAM_DIMENSIONS}).
 */
export type LakeMetricScope = 'table' | 'source' | 'stream';

/** One metric of the lake: its CloudWatch name and unit, and what it is kept per. */
export interface LakeMetric {
  readonly name: string;
  readonly unit: LakeMetricUnit;
  readonly scope: LakeMetricScope;
}

/** The dimension names of a table metric: the config's source and table names. */
export const TABLE_DIMENSIONS = ['Source', 'Table'] as const;

/** The dimension name of a source metric: the config's source name. */
export const SOURCE_DIMENSIONS = ['Source'] as const;

/** The dimension name of a stream metric: the config's stream name. */
export const STREAM_DIMENSIONS = ['Stream'] as const;

/**
 * Every metric the lake's functions publish.
 *
 * - `rowsCommitted`, `bytesCommitted`: what a table's commit made queryable (its run's rows and
 *   Parquet bytes).
 * - `runDurationSeconds`: from the run's start (its run id) to the table's commit.
 * - `freshnessSeconds`: at the commit, how old the newest queryable data is: now − the data's
 *   as-of time (see `dataAsOf`).
 * - `freshnessPercentOfSlo`: the same freshness as a percentage of the table's SLO, per source: one
 *   alarm on its maximum watches every table of the source, those `includeTables: all` finds too.
 * - `rowCountDifference`: rows written − rows the source (export or extract) holds; 0 on a
 *   commit, the gap when the commit refuses the run for it.
 * - `schemaChangesRefused`: incompatible column changes a commit refused.
 * - `maskedValues`: values a transform or extract wrote through a mask (rows × masked columns).
 * - `invalidValuesNulled`: values a transform or extract wrote as NULL because they were
 *   invalid: MySQL zero and partial-zero dates under the source's `invalidDates: null` (any other
 *   value that does not cast fails the part).
 * - `poisonEvents`: events a relay could not parse and sent to its failure queue.
 *
 * @example
 * ```ts
 * LAKE_METRICS.freshnessSeconds; // { name: 'FreshnessSeconds', unit: 'Seconds', scope: 'table' }
 * ```
 */
export const LAKE_METRICS = {
  rowsCommitted: { name: 'RowsCommitted', unit: 'Count', scope: 'table' },
  bytesCommitted: { name: 'BytesCommitted', unit: 'Bytes', scope: 'table' },
  runDurationSeconds: { name: 'RunDurationSeconds', unit: 'Seconds', scope: 'table' },
  freshnessSeconds: { name: 'FreshnessSeconds', unit: 'Seconds', scope: 'table' },
  freshnessPercentOfSlo: { name: 'FreshnessPercentOfSlo', unit: 'Percent', scope: 'source' },
  rowCountDifference: { name: 'RowCountDifference', unit: 'Count', scope: 'table' },
  schemaChangesRefused: { name: 'SchemaChangesRefused', unit: 'Count', scope: 'table' },
  maskedValues: { name: 'MaskedValues', unit: 'Count', scope: 'table' },
  invalidValuesNulled: { name: 'InvalidValuesNulled', unit: 'Count', scope: 'table' },
  poisonEvents: { name: 'PoisonEvents', unit: 'Count', scope: 'stream' },
} as const satisfies Record<string, LakeMetric>;

/** The key of one of {@link LAKE_METRICS}. */
export type LakeMetricKey = keyof typeof LAKE_METRICS;

/** The CloudWatch name of one of {@link LAKE_METRICS}. */
export type LakeMetricName = (typeof LAKE_METRICS)[LakeMetricKey]['name'];
