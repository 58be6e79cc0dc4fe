import { KinesisClient } from '@aws-sdk/client-kinesis';
import { Sha256Js } from '@smithy/core/checksum';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';

/**
 * A second KinesisClient for calls made while the page is being hidden or left: the app client's
 * region, endpoint and credentials (the same memoized provider, so no second credentials fetch),
 * but requests sent with `fetch(..., { keepalive: true })`, which lets them outlive the page
 * (https://fetch.spec.whatwg.org/#request-keepalive-flag), signed with the SDK's pure-JS SHA-256
 * and no SDK retries.
 *
 * Why a client of its own: switching the app client's handler to keepalive
 * (`updateHttpClientConfig('keepAlive', true)`) would make every later call of the app a keepalive
 * one, bound by the 64 KiB quota; the app's client is left untouched. And why Sha256Js: the SDK's
 * browser build signs with WebCrypto, whose `digest()`/`sign()` resolve in a task queued on the
 * page's event loop, which nothing guarantees to run once the page is being unloaded; a chain of
 * microtasks (Sha256Js and a memoized credentials provider) runs in the microtask checkpoint
 * right after the `pagehide` handler, before the page can go. In headless Chromium (the browser tests) the
 * WebCrypto path delivered too, on navigation and on tab close; other browsers were not tried.
 *
 * @example
 * ```ts
 * const keepalive = keepaliveKinesisClient(appClient);
 * await keepalive.send(new PutRecordsCommand({ StreamName: 'app-events', Records: records }));
 * ```
 */
export function keepaliveKinesisClient(client: KinesisClient): KinesisClient {
  const { region, endpoint, credentials, useFipsEndpoint, useDualstackEndpoint } = client.config;
  return new KinesisClient({
    region,
    endpoint,
    credentials,
    useFipsEndpoint,
    useDualstackEndpoint,
    requestHandler: new FetchHttpHandler({ keepAlive: true }),
    sha256: Sha256Js,
    maxAttempts: 1,
  });
}
