import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { EventProducer } from '../../adapters/kafka';
import { drainKinesisStream } from './drainKinesisStream';
import { invokeLikeEventSourceMapping, type KinesisBatchFailure } from './invokeLikeEventSourceMapping';
import { localRelayTask, type PoisonReport } from './localRelayTask';

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
 * relay Lambda's own task (`localRelayTask`) with the event source mapping's retry, bisect and on-failure
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
  const relay = localRelayTask(
    { producer: options.producer, topic: options.topic, stream: options.streamName },
    { onPoison: (report) => poison.push(report) },
  );
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
          handler: relay,
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
