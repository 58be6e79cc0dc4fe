/**
 * Dedicated Web Worker entry of the browser send tests: sends what the page posts (a
 * {@link SendConfig}) with {@link sendEvents} and posts back `{ result }` or `{ error }`.
 */

import type { WorkerReply } from './SendPageApi';
import { type SendConfig, sendEvents } from './sendEvents';

/** A dedicated worker's global scope, as far as used here (no DOM/WebWorker library in the type check). */
interface WorkerScope {
  onmessage: ((event: { readonly data: SendConfig }) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = ({ data }) => {
  sendEvents(data).then(
    (result) => scope.postMessage({ result }),
    (error: unknown) =>
      scope.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
};
