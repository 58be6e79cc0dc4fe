import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { checkDelivery } from './checkDelivery';
import type { SendPageApi } from './pages/SendPageApi';
import type { SendConfig, SendResult } from './pages/sendEvents';
import { useBrowserHarness } from './useBrowserHarness';
import { withDeadline } from './withDeadline';

const SEND_PAGE = resolve(__dirname, 'pages/sendPage.ts');
const SEND_WORKER = resolve(__dirname, 'pages/sendWorker.ts');
const KEYS = 20;
const EVENTS_PER_KEY = 50;
const PER_KEY = Object.fromEntries(Array.from({ length: KEYS }, (_, user) => [`u-${user}`, EVENTS_PER_KEY]));

const harness = useBrowserHarness();

function sendConfig(streamName: string): SendConfig {
  return { endpoint: harness().kinesisEndpoint, streamName, keys: KEYS, eventsPerKey: EVENTS_PER_KEY };
}

/** Runs sendPage's sendEvents on the page, at most 20 s. */
function sendFromPage(page: Page, config: SendConfig): Promise<SendResult> {
  return withDeadline(
    page.evaluate(
      (input) => (globalThis as unknown as { sendPage: SendPageApi }).sendPage.sendEvents(input),
      config,
    ),
    20_000,
    `the page to send to ${config.streamName}`,
  );
}

/** Runs sendPage's sendInWorker: a dedicated worker from sendWorker.ts's bundle sends, at most 20 s. */
function sendFromWorker(page: Page, workerUrl: string, config: SendConfig): Promise<SendResult> {
  return withDeadline(
    page.evaluate(
      ({ url, input }) =>
        (globalThis as unknown as { sendPage: SendPageApi }).sendPage.sendInWorker(url, input),
      { url: workerUrl, input: config },
    ),
    20_000,
    `a worker to send to ${config.streamName}`,
  );
}

/** RFC 9562 version 4: version nibble 4, variant bits 10 (first hex digit of the 4th group 8-b). */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('EventClient in headless Chromium against kinesalite', () => {
  it('sends 1,000 events over 20 keys from a page: each arrives once, in order per key', async () => {
    // Arrange
    await harness().createStream('page-send');
    const page = await harness().openPage({ entry: SEND_PAGE });

    // Act
    const result = await sendFromPage(page, sendConfig('page-send'));

    // Assert
    expect(result).toMatchObject({ failures: [], stats: { sent: 1000, failed: 0, retried: 0, buffered: 0 } });
    expect(result).toMatchObject({ scope: 'window', isSecureContext: true, hasRandomUUID: true });
    const delivered = await harness().readEvents('page-send');
    expect(delivered).toHaveLength(1000);
    expect(checkDelivery(delivered, { perKey: PER_KEY })).toEqual([]);
    expect(harness().pageErrors).toEqual([]);
  });

  it('sends 1,000 events over 20 keys from a dedicated Web Worker: each arrives once, in order per key', async () => {
    // Arrange
    await harness().createStream('worker-send');
    const page = await harness().openPage({ entry: SEND_PAGE });
    const workerUrl = await harness().bundle(SEND_WORKER);

    // Act
    const result = await sendFromWorker(page, workerUrl, sendConfig('worker-send'));

    // Assert
    expect(result.scope).toBe('worker');
    expect(result).toMatchObject({ failures: [], stats: { sent: 1000, failed: 0, retried: 0, buffered: 0 } });
    const delivered = await harness().readEvents('worker-send');
    expect(delivered).toHaveLength(1000);
    expect(checkDelivery(delivered, { perKey: PER_KEY })).toEqual([]);
    expect(harness().pageErrors).toEqual([]);
  });

  it('sends from an insecure context (http://lan.test), where crypto.randomUUID is absent: ids are distinct v4 UUIDs', async () => {
    // Arrange
    await harness().createStream('insecure-send');
    const page = await harness().openPage({ entry: SEND_PAGE, host: 'insecure' });

    // Act
    const result = await sendFromPage(page, sendConfig('insecure-send'));

    // Assert: really insecure (randomUUID is [SecureContext]-only:
    // https://developer.mozilla.org/en-US/docs/Web/API/Crypto/randomUUID), and everything sent.
    expect(new URL(page.url()).hostname).toBe('lan.test');
    expect(result).toMatchObject({
      scope: 'window',
      isSecureContext: false,
      hasRandomUUID: false,
      failures: [],
    });
    expect(result.stats).toEqual({ sent: 1000, failed: 0, retried: 0, buffered: 0 });
    const delivered = await harness().readEvents('insecure-send');
    expect(checkDelivery(delivered, { perKey: PER_KEY })).toEqual([]);
    const ids = delivered.map(({ event }) => event.eventId);
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(1000);
    expect(harness().pageErrors).toEqual([]);
  });
});
