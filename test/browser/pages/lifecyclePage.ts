/**
 * Page entry of the lifecycle and offline browser tests: exposes {@link LifecyclePageApi} as
 * `globalThis.lifecyclePage`. The EventClient runs with its browser defaults (IndexedDB queue,
 * flush on page hide, `navigator.onLine`), as an app would get them.
 *
 * @example
 * ```ts
 * await page.evaluate((config) => (globalThis as unknown as { lifecyclePage: LifecyclePageApi }).lifecyclePage.start(config), config);
 * ```
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import * as z from 'zod';
import { EventClient, type EventClientStats } from '../../../lib/client';

/** What the page's client sends to. */
export interface LifecycleConfig {
  readonly endpoint: string;
  readonly streamName: string;
  readonly flushIntervalMs?: number;
  /** @default true */
  readonly flushOnPageHide?: boolean;
  /**
   * Credentials fetched from this path of the page's server when first needed (as a Cognito
   * identity pool's are fetched), instead of static ones.
   */
  readonly credentialsPath?: string;
  /** No durable queue (`queue: false`), to compare. @default false */
  readonly memoryOnly?: boolean;
}

/** What the page reports. */
export interface LifecycleState {
  readonly stats: EventClientStats;
  readonly failures: string[];
  readonly queueErrors: string[];
  readonly onLine: boolean;
}

/** The page's API, called through `page.evaluate`. */
export interface LifecyclePageApi {
  /** Makes the client (its queue loads and replays at once). */
  start(config: LifecycleConfig): void;
  /** Sends `seq` from..to-1 for each of `keys` users, interleaved; resolves when all are buffered. */
  send(keys: number, from: number, to: number): Promise<void>;
  /** Waits for delivery (`flush()`), then reports. */
  flush(): Promise<LifecycleState>;
  /** Reports without waiting. */
  state(): LifecycleState;
}

const payloadSchema = z.object({ userId: z.string(), seq: z.int() });
let client: EventClient<z.infer<typeof payloadSchema>> | undefined;
const failures: string[] = [];
const queueErrors: string[] = [];

function required(): EventClient<z.infer<typeof payloadSchema>> {
  if (client === undefined) throw new Error('lifecyclePage.start() was not called');
  return client;
}

/** A credentials provider that fetches them once from the page's server. */
function fetchCredentials(path: string): () => Promise<{ accessKeyId: string; secretAccessKey: string }> {
  return async () => {
    const response = await fetch(path);
    return (await response.json()) as { accessKeyId: string; secretAccessKey: string };
  };
}

function state(): LifecycleState {
  const navigator = (globalThis as unknown as { navigator: { onLine: boolean } }).navigator;
  return { stats: required().stats(), failures, queueErrors, onLine: navigator.onLine };
}

const api: LifecyclePageApi = {
  start: (config) => {
    client = new EventClient({
      client: new KinesisClient({
        endpoint: config.endpoint,
        region: 'eu-west-1',
        credentials:
          config.credentialsPath === undefined
            ? { accessKeyId: 'test', secretAccessKey: 'test' }
            : fetchCredentials(config.credentialsPath),
        maxAttempts: 1,
      }),
      streamName: config.streamName,
      partitionKeyField: 'userId',
      payloadSchema,
      schemaVersion: 1,
      flushIntervalMs: config.flushIntervalMs,
      flushOnPageHide: config.flushOnPageHide,
      ...(config.memoryOnly ? { queue: false as const } : {}),
      onFailure: (failed) =>
        failures.push(...failed.map((failure) => `${failure.partitionKey}: ${failure.reason}`)),
      onQueueError: (error) => queueErrors.push(String(error)),
    });
  },
  send: async (keys, from, to) => {
    const events = required();
    for (let seq = from; seq < to; seq += 1) {
      for (let user = 0; user < keys; user += 1)
        await events.send('item_viewed', { userId: `u-${user}`, seq });
    }
  },
  flush: async () => {
    await required().flush();
    return state();
  },
  state,
};

(globalThis as unknown as { lifecyclePage: LifecyclePageApi }).lifecyclePage = api;
