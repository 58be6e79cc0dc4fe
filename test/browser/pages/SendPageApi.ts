import type { SendConfig, SendResult } from './sendEvents';

/** What sendPage.ts puts on the page's `globalThis.sendPage`, for `page.evaluate`. */
export interface SendPageApi {
  /** Sends from the page itself. */
  sendEvents(config: SendConfig): Promise<SendResult>;
  /** Starts a dedicated Web Worker from `workerUrl` (sendWorker.ts's bundle) and sends from it. */
  sendInWorker(workerUrl: string, config: SendConfig): Promise<SendResult>;
}

/** What sendWorker.ts posts back to the page. */
export type WorkerReply = { readonly result: SendResult } | { readonly error: string };
