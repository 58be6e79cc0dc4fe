import type { LocalStreamSummary } from '../local/events/runLocalEvents';

/**
 * The one line `datalake local --events` prints per stream: sent, relayed to Kafka (poison and
 * failed batches), archived (refused) and time.
 *
 * @example
 * ```ts
 * formatStreamSummary(summary);
 * // 'app-events: 1000 sent → 1000 relayed to Kafka topic app.events (0 poison, 0 batches to the failure file) → 1000 rows in demo_events.app_events (0 refused) in 2.1 s'
 * ```
 */
export function formatStreamSummary(summary: LocalStreamSummary): string {
  return (
    `${summary.stream}: ${summary.sent} sent → ${summary.relayed} relayed to Kafka topic ${summary.topic} ` +
    `(${summary.poison} poison, ${summary.failedBatches} batches to the failure file) → ` +
    `${summary.archived} rows in ${summary.table} (${summary.refused} refused) in ${summary.seconds.toFixed(1)} s`
  );
}
