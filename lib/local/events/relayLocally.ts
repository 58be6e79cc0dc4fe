import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { type EventProducer, relayKinesisBatch } from '../../adapters/kafka';
import { drainKinesisStream } from './drainKinesisStream';
import { invokeLikeEventSourceMapping, type KinesisBatchFailure } from './invokeLikeEventSourceMapping';

/** A record the relay refused, with the reason it logged. */
export interface PoisonReport {
  readonly sequenceNumber: unknown;
  readonly shardId: unknown;
  readonly reason: unknown;
}

/** What {@link relayLocally} reads, where it relays to and where failures go. */
export interface RelayLocallyOptions {
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  readonly streamArn: string;
  readonly producer: EventProducer;
  readonly topic: string;
  /** The stream's `relay` config: batch size and retries, as the event source mapping has them. */
  readonly relay: { readonly batchSize: number; readonly maxRetryAttempts: number };
  /** JSON lines file standing in for the on-failure SQS queue. */
  readonly failureFile: string;
  /** Called after each batch with the records read so far. */
  readonly onProgress?: (recordsRead: number) => void;
}

/** What one {@link relayLocally} did. */
export interface RelayLocallyResult {
  readonly recordsRead: number;
  /** Poison records as the relay logged them (one entry per invocation that saw one). */
  readonly poison: readonly PoisonReport[];
  /** What reached the on-failure destination. */
  readonly failures: readonly KinesisBatchFailure[];
}

/**
 * Runs the Kinesis → Kafka relay over a local stream the way AWS does: every shard read from its
 * oldest record in batches of `relay.batchSize` (drainKinesisStream), each batch handed to the
 * relay's own `relayKinesisBatch` with the event source mapping's retry, bisect and on-failure
 * rules (invokeLikeEventSourceMapping); what exhausts its retries is appended to `failureFile`
 * in the shape Lambda sends to SQS.
 *
 * @example
 * ```ts
 * await relayLocally({ kinesis, streamName, streamArn, producer, topic: 'app.events', relay: stream.relay, failureFile });
 * ```
 */
export async function relayLocally(options: RelayLocallyOptions): Promise<RelayLocallyResult> {
  const poison: PoisonReport[] = [];
  const failures: KinesisBatchFailure[] = [];
  const logger = {
    error: (_message: string, extra: Record<string, unknown>) => {
      poison.push({ sequenceNumber: extra.sequenceNumber, shardId: extra.shardId, reason: extra.reason });
    },
    info: () => undefined,
  };
  let read = 0;
  await mkdir(dirname(options.failureFile), { recursive: true });
  const recordsRead = await drainKinesisStream({
    client: options.kinesis,
    streamName: options.streamName,
    batchSize: options.relay.batchSize,
    onBatch: async (records, shardId) => {
      await invokeLikeEventSourceMapping(
        records,
        { streamArn: options.streamArn, shardId },
        { maxRetryAttempts: options.relay.maxRetryAttempts },
        {
          handler: (event) =>
            relayKinesisBatch(event, { producer: options.producer, topic: options.topic, logger }),
          onFailure: async (failure) => {
            failures.push(failure);
            await appendFile(options.failureFile, `${JSON.stringify(failure)}\n`);
          },
        },
      );
      read += records.length;
      options.onProgress?.(read);
    },
  });
  return { recordsRead, poison, failures };
}
