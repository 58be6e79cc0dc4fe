import type { KinesisStreamBatchResponse } from 'aws-lambda';
import type { EventProducer } from '../../adapters/kafka';
import { NO_METRICS } from '../../adapters/metrics/MetricsPublisher';
import { relayTask } from '../../tasks/relay/relayTask';
import { type BoundTask, bindTask } from '../../tasks/Task';

/** A record the relay refused, with the reason it logged. */
export interface PoisonReport {
  readonly sequenceNumber: unknown;
  readonly shardId: unknown;
  readonly reason: unknown;
}

/** What the local relay reports besides its answer. */
export interface LocalRelayHooks {
  /** Called with each poison record the relay logs (once per invocation that sees it). */
  onPoison(report: PoisonReport): void;
}

/**
 * The relay Lambda's task (`relayTask`) bound to a local producer (the mock broker's) and the
 * stream's topic, the poison records it logs reported to `hooks` instead of CloudWatch (its
 * metrics go nowhere: the local summary counts the poison records from `hooks`).
 *
 * @example
 * ```ts
 * const relay = localRelayTask({ producer, topic: stream.kafkaTopic, stream: stream.name }, { onPoison: (r) => poison.push(r) });
 * const { batchItemFailures } = await relay(kinesisStreamEvent(records, { streamArn, shardId }));
 * ```
 */
export function localRelayTask(
  context: { readonly producer: EventProducer; readonly topic: string; readonly stream: string },
  hooks: LocalRelayHooks,
): BoundTask<KinesisStreamBatchResponse> {
  return bindTask(relayTask, {
    producer: context.producer,
    settings: { KAFKA_TOPIC: context.topic, STREAM_NAME: context.stream },
    metrics: NO_METRICS,
    logger: {
      error: (_message, extra) =>
        hooks.onPoison({
          sequenceNumber: extra.sequenceNumber,
          shardId: extra.shardId,
          reason: extra.reason,
        }),
      info: () => undefined,
    },
  });
}
