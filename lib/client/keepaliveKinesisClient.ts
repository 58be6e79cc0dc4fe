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
 * Why not the app's own client: its browser build signs with WebCrypto, whose `digest()` and
 * `sign()` resolve in a task queued on the page's event loop, and a page being left runs no
 * further task, so the signed request would never be made; a promise chain of microtasks
 * (what Sha256Js and a memoized credentials provider give) still runs inside the `pagehide`
 * handler, so the fetch starts before the page goes. Switching the app client's handler to
 * keepalive (`updateHttpClientConfig`) would also make every later call of the app a keepalive
 * one, bound by the 64 KiB quota. The app's client is not touched.
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
