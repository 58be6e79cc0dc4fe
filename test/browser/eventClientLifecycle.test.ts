import { resolve } from 'node:path';
import { checkDelivery } from './checkDelivery';
import type { BrowserHarness } from './harness';
import { lifecyclePage } from './pages/callLifecyclePage';
import type { LifecycleConfig, LifecycleState } from './pages/lifecyclePage';
import { useBrowserHarness } from './useBrowserHarness';

const LIFECYCLE_PAGE = resolve(__dirname, 'pages/lifecyclePage.ts');

const harness = useBrowserHarness();

/**
 * Opens the page, buffers `count` events of u-0, waits 200 ms and navigates away or closes the
 * tab, then waits until `stream` holds `expected` events (at most `waitMs`) with the browser
 * context still open, as a browser lives on after one tab is left: closing the whole context at
 * once would cancel the keepalive requests the tab left behind.
 */
async function bufferAndLeave(
  config: LifecycleConfig,
  count: number,
  leave: 'navigate' | 'close',
  expected: { events: number; waitMs: number },
): Promise<{ before: LifecycleState; delivered: Awaited<ReturnType<BrowserHarness['waitForEvents']>> }> {
  const page = await harness().openPage({ entry: LIFECYCLE_PAGE });
  const context = page.context();
  try {
    await lifecyclePage(page, 'start', (api, input) => api.start(input), config);
    await lifecyclePage(page, 'send', (api, n) => api.send(1, 0, n), count);
    const before = await lifecyclePage(page, 'state', (api) => api.state(), undefined);
    await page.waitForTimeout(200);
    if (leave === 'close') {
      // runBeforeUnload: the tab closes as a user's would, firing pagehide (playwright skips it
      // otherwise); with it, close() does not wait for the page to go, so wait for its close event.
      const closed = page.waitForEvent('close', { timeout: 10_000 });
      await page.close({ runBeforeUnload: true });
      await closed;
    } else {
      await page.goto(harness().url('/blank.html'));
    }
    const delivered = await harness().waitForEvents(config.streamName, expected.events, expected.waitMs);
    return { before, delivered };
  } finally {
    await context.close();
  }
}

describe('EventClient page lifecycle in headless Chromium', () => {
  beforeAll(() => {
    harness().serve('/blank.html', '<!doctype html><p>elsewhere</p>', 'text/html; charset=utf-8');
  });

  it.each(['navigate', 'close'] as const)(
    'delivers all 10 events buffered when the page is left 200 ms later (%s)',
    async (leave) => {
      // Arrange
      const stream = `page-${leave}`;
      await harness().createStream(stream);
      const config: LifecycleConfig = { endpoint: harness().kinesisEndpoint, streamName: stream };

      // Act
      const { before, delivered } = await bufferAndLeave(config, 10, leave, { events: 10, waitMs: 10_000 });

      // Assert: nothing had been sent when the page was left (flush interval 1 s)
      expect(before.stats).toMatchObject({ sent: 0, buffered: 10 });
      expect(checkDelivery(delivered, { perKey: { 'u-0': 10 } })).toEqual([]);
    },
    60_000,
  );

  it('delivers them when the credentials are fetched, as from a Cognito identity pool, and no call was made before', async () => {
    // Arrange
    await harness().createStream('page-fetched-credentials');
    harness().serve(
      '/credentials.json',
      JSON.stringify({ accessKeyId: 'test', secretAccessKey: 'test' }),
      'application/json',
    );
    const config: LifecycleConfig = {
      endpoint: harness().kinesisEndpoint,
      streamName: 'page-fetched-credentials',
      credentialsPath: '/credentials.json',
    };

    // Act
    const { before, delivered } = await bufferAndLeave(config, 10, 'navigate', {
      events: 10,
      waitMs: 10_000,
    });

    // Assert
    expect(before.stats).toMatchObject({ sent: 0, buffered: 10 });
    expect(checkDelivery(delivered, { perKey: { 'u-0': 10 } })).toEqual([]);
  }, 60_000);

  it('control: without flushOnPageHide none of the 10 arrives', async () => {
    // Arrange
    await harness().createStream('page-leave-off');
    const config: LifecycleConfig = {
      endpoint: harness().kinesisEndpoint,
      streamName: 'page-leave-off',
      flushOnPageHide: false,
    };

    // Act
    const { delivered } = await bufferAndLeave(config, 10, 'navigate', { events: 10, waitMs: 3_000 });

    // Assert
    expect(delivered).toEqual([]);
  }, 60_000);
});
