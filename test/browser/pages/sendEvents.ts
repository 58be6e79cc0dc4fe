import { KinesisClient } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { EventClient, type EventClientStats } from '../../../lib/client';

/** What a page or worker sends: `eventsPerKey` events for each of `keys` users, interleaved. */
export interface SendConfig {
  readonly endpoint: string;
  readonly streamName: string;
  readonly keys: number;
  readonly eventsPerKey: number;
}

/** What the browser reports back after `close()` resolved. */
export interface SendResult {
  readonly stats: EventClientStats;
  /** `onFailure` reasons, one per failed event. */
  readonly failures: string[];
  readonly elapsedMs: number;
  /** Where it ran: `isSecureContext` and whether `crypto.randomUUID` exists there. */
  readonly isSecureContext: boolean;
  readonly hasRandomUUID: boolean;
  /** `'worker'` in a dedicated worker (its global scope has `importScripts`), `'window'` on a page. */
  readonly scope: 'window' | 'worker';
}

/** The browser globals used here (the project's type check has no DOM library). */
interface BrowserScope {
  readonly isSecureContext: boolean;
  readonly crypto: { readonly randomUUID?: unknown };
  /** Defined in worker global scopes only. */
  readonly importScripts?: unknown;
}

const payloadSchema = z.object({ userId: z.string(), seq: z.int() });

/**
 * Sends through the real EventClient and the AWS SDK's browser build (fetch) to kinesalite, as an
 * app would: static fake credentials (kinesalite checks none), one SDK attempt so retries are the
 * event client's, `userId` as the partition key, `seq` counting per user.
 *
 * @example
 * ```ts
 * const result = await sendEvents({ endpoint, streamName: 'page-send', keys: 20, eventsPerKey: 50 });
 * ```
 */
export async function sendEvents(config: SendConfig): Promise<SendResult> {
  const scope = globalThis as unknown as BrowserScope;
  const started = performance.now();
  const kinesis = new KinesisClient({
    endpoint: config.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const failures: string[] = [];
  const events = new EventClient({
    client: kinesis,
    streamName: config.streamName,
    partitionKeyField: 'userId',
    payloadSchema,
    schemaVersion: 1,
    onFailure: (failed) => failures.push(...failed.map((failure) => failure.reason)),
  });
  for (let seq = 0; seq < config.eventsPerKey; seq += 1) {
    for (let user = 0; user < config.keys; user += 1)
      await events.send('item_viewed', { userId: `u-${user}`, seq });
  }
  await events.close();
  kinesis.destroy();
  return {
    stats: events.stats(),
    failures,
    elapsedMs: Math.round(performance.now() - started),
    isSecureContext: scope.isSecureContext,
    hasRandomUUID: typeof scope.crypto.randomUUID === 'function',
    scope: typeof scope.importScripts === 'function' ? 'worker' : 'window',
  };
}
