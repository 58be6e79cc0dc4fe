import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { type KinesisEventSource, kinesisStreamEvent } from './kinesisStreamEvent';

/**
 * What a Lambda event source mapping sends to its on-failure destination once a batch's retries
 * are spent: the shard and the sequence range, never the records (shape of AWS's
 * `KinesisBatchInfo` message).
 */
export interface KinesisBatchFailure {
  readonly requestContext: {
    readonly condition: 'RetryAttemptsExhausted';
    readonly approximateInvokeCount: number;
  };
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  /** The last error of the invocation, when it threw (AWS logs it; kept here for the reader). */
  readonly lastError?: string;
}

/** The mapping settings that decide retries; the same fields as the stream's `relay` config. */
export interface EventSourceMappingSettings {
  readonly maxRetryAttempts: number;
  /** @default true */
  readonly bisectBatchOnError?: boolean;
}

/** What {@link invokeLikeEventSourceMapping} calls. */
export interface EventSourceMappingTarget {
  readonly handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | undefined>;
  readonly onFailure: (failure: KinesisBatchFailure) => Promise<void>;
}

/**
 * Invokes `handler` with one shard's batch the way a Kinesis event source mapping with
 * `ReportBatchItemFailures` does: when the handler throws, the whole batch failed; when it reports
 * item failures, the batch is checkpointed before the lowest failed sequence number and the rest
 * is retried — split in two halves first when `bisectBatchOnError` — until `maxRetryAttempts`
 * retries are spent; then the rest's shard and sequence range go to `onFailure` and the shard
 * moves on. Good records after a failed one are sent again by those retries, as on AWS.
 *
 * @example
 * ```ts
 * await invokeLikeEventSourceMapping(records, { streamArn, shardId }, { maxRetryAttempts: 3 }, { handler, onFailure });
 * ```
 */
export async function invokeLikeEventSourceMapping(
  records: readonly _Record[],
  source: KinesisEventSource,
  settings: EventSourceMappingSettings,
  target: EventSourceMappingTarget,
): Promise<void> {
  await invoke(records, 0);

  async function invoke(batch: readonly _Record[], retries: number): Promise<void> {
    if (batch.length === 0) return;
    const outcome = await failedFrom(batch);
    if (outcome === undefined) return;
    const rest = batch.slice(outcome.index);
    if (retries >= settings.maxRetryAttempts) {
      await target.onFailure(batchFailure(rest, retries + 1, outcome.error));
      return;
    }
    if ((settings.bisectBatchOnError ?? true) && rest.length > 1) {
      const half = Math.ceil(rest.length / 2);
      await invoke(rest.slice(0, half), retries + 1);
      await invoke(rest.slice(half), retries + 1);
      return;
    }
    await invoke(rest, retries + 1);
  }

  /** Where the batch must be retried from, or `undefined` when all of it succeeded. */
  async function failedFrom(
    batch: readonly _Record[],
  ): Promise<{ index: number; error?: string } | undefined> {
    let response: KinesisStreamBatchResponse | undefined;
    try {
      response = await target.handler(kinesisStreamEvent(batch, source));
    } catch (error) {
      return { index: 0, error: error instanceof Error ? error.message : String(error) };
    }
    const failed = new Set((response?.batchItemFailures ?? []).map((item) => item.itemIdentifier));
    if (failed.size === 0) return undefined;
    const index = batch.findIndex(
      (record) => record.SequenceNumber !== undefined && failed.has(record.SequenceNumber),
    );
    // An identifier that matches no record fails the whole batch, as Lambda treats it.
    return { index: index === -1 ? 0 : index };
  }

  function batchFailure(
    batch: readonly _Record[],
    invocations: number,
    lastError?: string,
  ): KinesisBatchFailure {
    const first = batch[0];
    const last = batch[batch.length - 1];
    return {
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: invocations },
      KinesisBatchInfo: {
        shardId: source.shardId,
        startSequenceNumber: first?.SequenceNumber ?? '',
        endSequenceNumber: last?.SequenceNumber ?? '',
        approximateArrivalOfFirstRecord: first?.ApproximateArrivalTimestamp?.toISOString() ?? '',
        approximateArrivalOfLastRecord: last?.ApproximateArrivalTimestamp?.toISOString() ?? '',
        batchSize: batch.length,
        streamArn: source.streamArn,
      },
      ...(lastError === undefined ? {} : { lastError }),
    };
  }
}
