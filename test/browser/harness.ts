import { basename } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Browser, Page } from 'playwright-core';
import {
  createLocalStream,
  type KinesisEmulator,
  localKinesisClient,
  startKinesis,
} from '../../lib/local/events/startKinesis';
import { bundleForBrowser } from './bundleForBrowser';
import { INSECURE_HOST, launchChromium } from './launchChromium';
import { type DeliveredEvent, readEvents } from './readEvents';
import { type StaticServer, startStaticServer } from './startStaticServer';

/**
 * Where a page is served from: `'loopback'` is http://127.0.0.1:<port>/ (a secure context, as
 * localhost is), `'insecure'` is http://lan.test:<port>/, the same server through a name the
 * browser maps to 127.0.0.1 but does not trust: `isSecureContext` is false there, as on a phone
 * opening a dev server by its LAN address.
 */
export type PageHost = 'loopback' | 'insecure';

/** What {@link BrowserHarness.openPage} loads. */
export interface OpenPageOptions {
  /** TypeScript entry bundled for the browser and loaded by a `<script>` at the end of the body. */
  readonly entry: string;
  /**
   * Where the page is served from.
   *
   * @default 'loopback'
   */
  readonly host?: PageHost;
  /**
   * HTML put in the body before the script.
   *
   * @default ''
   */
  readonly body?: string;
}

/** A running Chromium, kinesalite and static server for browser tests; see {@link startBrowserHarness}. */
export interface BrowserHarness {
  /**
   * Kinesalite's `http://127.0.0.1:<port>` endpoint. Pages call it cross-origin: kinesalite allows
   * any origin and answers preflights echoing the requested headers and method
   * (node_modules/kinesalite/index.js). Chrome's Local Network Access prompt does not apply: it
   * gates requests from the public network to local or loopback addresses
   * (https://developer.chrome.com/blog/local-network-access), and every page here is on loopback,
   * `lan.test` included.
   */
  readonly kinesisEndpoint: string;
  /** A Node-side KinesisClient on kinesalite, to make and read streams. */
  readonly kinesis: KinesisClient;
  /** The browser, for what the helpers below do not cover. */
  readonly browser: Browser;
  /** Uncaught page errors and console errors of every page opened, as `<url>: <text>`. */
  readonly pageErrors: readonly string[];
  /**
   * Creates a provisioned stream and waits until it is ACTIVE. Kinesalite allows 10 shards in all
   * (its default account limit), so at most five 2-shard streams per harness.
   *
   * @default shards 2
   */
  createStream(name: string, shards?: number): Promise<string>;
  /** Every event the stream holds, parsed, each key's events in stream order. */
  readEvents(streamName: string): Promise<DeliveredEvent[]>;
  /**
   * Reads the stream until it holds at least `count` events or `timeoutMs` passed (polling every
   * 100 ms), then returns what it read; the caller asserts on it.
   */
  waitForEvents(streamName: string, count: number, timeoutMs: number): Promise<DeliveredEvent[]>;
  /** Bundles an entry (once per harness) and serves it; returns its path, e.g. `/bundles/sendWorker.js`. */
  bundle(entry: string): Promise<string>;
  /** Serves a text body at `path` from now on (e.g. a page of your own). */
  serve(path: string, body: string, contentType: string): void;
  /** The absolute URL of a served path on a host. @default host 'loopback' */
  url(path: string, host?: PageHost): string;
  /**
   * Opens a page in a fresh browser context (its own storage, cookies and network conditions:
   * `page.context().setOffline(true)` affects this page only) that loads the bundled entry, and
   * resolves once it fired `load` (at most 15 s).
   */
  openPage(options: OpenPageOptions): Promise<Page>;
  /** Closes the browser, the server and kinesalite; safe to call after a partial start. */
  stop(): Promise<void>;
}

/**
 * Starts what a browser test needs: kinesalite and a static HTTP server on 127.0.0.1, and Debian's
 * Chromium headless (fails, naming `bash scripts/services/browser.sh install`, when it is missing).
 * Start one per test file in `beforeAll` and stop it in `afterAll`.
 *
 * @example
 * ```ts
 * let harness: BrowserHarness;
 * beforeAll(async () => { harness = await startBrowserHarness(); });
 * afterAll(() => harness?.stop());
 *
 * it('sends from a page', async () => {
 *   await harness.createStream('page-send');
 *   const page = await harness.openPage({ entry: resolve(__dirname, 'pages/sendPage.ts') });
 *   await withDeadline(page.evaluate((endpoint) => window.run(endpoint), harness.kinesisEndpoint), 15_000, 'run');
 *   expect(checkDelivery(await harness.readEvents('page-send'), { perKey: { 'u-0': 50 } })).toEqual([]);
 * });
 * ```
 */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    // Last started, first stopped; each is attempted even if an earlier one fails.
    const results = await Promise.allSettled(
      stops
        .splice(0)
        .reverse()
        .map((stopOne) => stopOne()),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    const emulator: KinesisEmulator = await startKinesis();
    stops.push(() => emulator.stop());
    const kinesis = localKinesisClient(emulator.endpoint);
    stops.push(async () => kinesis.destroy());
    const server: StaticServer = await startStaticServer();
    stops.push(() => server.stop());
    const browser = await launchChromium();
    stops.push(() => browser.close());
    return makeHarness({ emulator, kinesis, server, browser, stop });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function makeHarness(parts: {
  emulator: KinesisEmulator;
  kinesis: KinesisClient;
  server: StaticServer;
  browser: Browser;
  stop: () => Promise<void>;
}): BrowserHarness {
  const { emulator, kinesis, server, browser } = parts;
  const pageErrors: string[] = [];
  const bundles = new Map<string, Promise<string>>();
  let pages = 0;
  const url = (path: string, host: PageHost = 'loopback'): string =>
    `http://${host === 'insecure' ? INSECURE_HOST : '127.0.0.1'}:${server.port}${path}`;
  const bundle = (entry: string): Promise<string> => {
    let path = bundles.get(entry);
    if (!path) {
      path = bundleForBrowser(entry).then((code) => {
        const served = `/bundles/${bundles.size}-${basename(entry).replace(/\.ts$/, '')}.js`;
        server.serve(served, code, 'text/javascript; charset=utf-8');
        return served;
      });
      bundles.set(entry, path);
    }
    return path;
  };
  return {
    kinesisEndpoint: emulator.endpoint,
    kinesis,
    browser,
    pageErrors,
    createStream: (name, shards = 2) => createLocalStream(kinesis, name, shards),
    readEvents: (streamName) => readEvents(kinesis, streamName),
    waitForEvents: async (streamName, count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const events = await readEvents(kinesis, streamName);
        if (events.length >= count || Date.now() >= deadline) return events;
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    bundle,
    serve: (path, body, contentType) => server.serve(path, body, contentType),
    url,
    openPage: async ({ entry, host = 'loopback', body = '' }) => {
      const script = await bundle(entry);
      pages += 1;
      const path = `/pages/${pages}.html`;
      server.serve(
        path,
        `<!doctype html><html><head><meta charset="utf-8"><title>${basename(entry)}</title></head>` +
          `<body>${body}<script src="${script}"></script></body></html>`,
        'text/html; charset=utf-8',
      );
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') {
          pageErrors.push(`${page.url()}: ${message.text()} (at ${message.location().url || 'unknown'})`);
        }
      });
      await page.goto(url(path, host), { waitUntil: 'load', timeout: 15_000 });
      return page;
    },
    stop: parts.stop,
  };
}
