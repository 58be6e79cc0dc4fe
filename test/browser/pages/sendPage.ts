/**
 * Page entry of the browser send tests: exposes {@link SendPageApi} as `globalThis.sendPage`.
 *
 * @example
 * ```ts
 * await page.evaluate((config) => (globalThis as unknown as { sendPage: SendPageApi }).sendPage.sendEvents(config), config);
 * ```
 */

import type { SendPageApi, WorkerReply } from './SendPageApi';
import { type SendConfig, type SendResult, sendEvents } from './sendEvents';

/** The dedicated worker API used here (the project's type check has no DOM library). */
interface WorkerLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { readonly data: WorkerReply }) => void) | null;
  onerror: ((event: { readonly message: string }) => void) | null;
  terminate(): void;
}

const scope = globalThis as unknown as { Worker: new (url: string) => WorkerLike; sendPage: SendPageApi };

function sendInWorker(workerUrl: string, config: SendConfig): Promise<SendResult> {
  return new Promise((done, fail) => {
    const worker = new scope.Worker(workerUrl);
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if ('result' in data) done(data.result);
      else fail(new Error(`worker: ${data.error}`));
    };
    worker.onerror = (event) => {
      worker.terminate();
      fail(new Error(`worker failed: ${event.message}`));
    };
    worker.postMessage(config);
  });
}

scope.sendPage = { sendEvents, sendInWorker };
