import type { SchemaChanges } from './evolveSchema';

/** The CloudWatch namespace of the lake's pipeline metrics. */
export const METRICS_NAMESPACE = 'DataLake/Snapshot';

/** Metric values of one commit, by metric name. */
export interface CommitMetricValues {
  readonly RowsCommitted?: number;
  readonly ColumnsAdded?: number;
  readonly ColumnsDropped?: number;
  readonly ColumnsWidened?: number;
  readonly IncompatibleSchemaChanges?: number;
}

/** A log record in CloudWatch's Embedded Metric Format: logged as JSON, it becomes metrics. */
export interface EmbeddedMetrics extends CommitMetricValues {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: 'Count' }[];
    }[];
  };
  /** The dimension: the table as `source.table`. */
  readonly Table: string;
}

/**
 * The Embedded Metric Format fields of one commit, per table: merged into a JSON log line
 * (e.g. Powertools Logger's extra keys) they become CloudWatch metrics without a metrics
 * client, so an alarm can watch `IncompatibleSchemaChanges`.
 *
 * @param now the metric timestamp, in epoch milliseconds
 * @example
 * ```ts
 * logger.info('Table committed', commitMetrics('service.users', schemaChangeCounts(changes), Date.now()));
 * logger.error('Incompatible schema', commitMetrics('service.users', { IncompatibleSchemaChanges: 2 }, Date.now()));
 * ```
 */
export function commitMetrics(table: string, values: CommitMetricValues, now: number): EmbeddedMetrics {
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['Table']],
          Metrics: Object.keys(values).map((name) => ({ Name: name, Unit: 'Count' as const })),
        },
      ],
    },
    Table: table,
    ...values,
  };
}

/**
 * The metric values of a run's schema changes.
 *
 * @example
 * ```ts
 * schemaChangeCounts({ added: [col], dropped: [], widened: [] }); // { ColumnsAdded: 1, ColumnsDropped: 0, ColumnsWidened: 0 }
 * ```
 */
export function schemaChangeCounts(changes: SchemaChanges): CommitMetricValues {
  return {
    ColumnsAdded: changes.added.length,
    ColumnsDropped: changes.dropped.length,
    ColumnsWidened: changes.widened.length,
  };
}
