import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { checkDelivery } from './checkDelivery';
import { type BrowserHarness, startBrowserHarness } from './harness';
import type { SendPageApi } from './pages/SendPageApi';
import type { SendConfig, SendResult } from './pages/sendEvents';
import { withDeadline } from './withDeadline';

const SEND_PAGE = resolve(__dirname, 'pages/sendPage.ts');
const SEND_WORKER = resolve(__dirname, 'pages/sendWorker.ts');
const KEYS = 20;
const EVENTS_PER_KEY = 50;
const PER_KEY = Object.fromEntries(Array.from({ length: KEYS }, (_, user) => [`u-${user}`, EVENTS_PER_KEY]));

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
}, 60_000);

afterAll(async () => {
  await harness?.stop();
});

function sendConfig(streamName: string): SendConfig {
  return { endpoint: harness.kinesisEndpoint, streamName, keys: KEYS, eventsPerKey: EVENTS_PER_KEY };
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

describe('EventClient in headless Chromium against kinesalite', () => {
  it('sends 1,000 events over 20 keys from a page: each arrives once, in order per key', async () => {
    // Arrange
    await harness.createStream('page-send');
    const page = await harness.openPage({ entry: SEND_PAGE });

    // Act
    const result = await sendFromPage(page, sendConfig('page-send'));

    // Assert
    expect(result).toMatchObject({ failures: [], stats: { sent: 1000, failed: 0, retried: 0, buffered: 0 } });
    expect(result.isSecureContext).toBe(true);
    const delivered = await harness.readEvents('page-send');
    expect(delivered).toHaveLength(1000);
    expect(checkDelivery(delivered, { perKey: PER_KEY })).toEqual([]);
    expect(harness.pageErrors).toEqual([]);
  });

  it('sends 1,000 events over 20 keys from a dedicated Web Worker: each arrives once, in order per key', async () => {
    // Arrange
    await harness.createStream('worker-send');
    const page = await harness.openPage({ entry: SEND_PAGE });
    const workerUrl = await harness.bundle(SEND_WORKER);

    // Act
    const result = await sendFromWorker(page, workerUrl, sendConfig('worker-send'));

    // Assert
    expect(result).toMatchObject({ failures: [], stats: { sent: 1000, failed: 0, retried: 0, buffered: 0 } });
    const delivered = await harness.readEvents('worker-send');
    expect(delivered).toHaveLength(1000);
    expect(checkDelivery(delivered, { perKey: PER_KEY })).toEqual([]);
    expect(harness.pageErrors).toEqual([]);
  });
});
