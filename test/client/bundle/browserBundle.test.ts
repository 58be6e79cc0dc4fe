import { resolve } from 'node:path';
import { bundleBrowserEntry } from './bundleBrowserEntry';

/**
 * Gzipped bytes a working browser send (workingSend.ts: EventClient + the Cognito snippet's
 * KinesisClient + a zod payload schema) may bundle to. Measured 2026-12-07 at e8f9104 (the client
 * with its page lifecycle and IndexedDB queue) with esbuild 0.28.2, zod 4.6.7, @aws-sdk/client-kinesis
 * 3.1143.0: 95,223 bytes (298 KB minified: @smithy 120 KB, zod 88 KB, @aws-sdk 62 KB, lib/ 25 KB,
 * zod's English messages 3 KB); the budget leaves ~5 %.
 * Print the figures with `npx tsx test/client/bundle/measureBrowserBundle.ts`.
 */
const GZIP_BUDGET_BYTES = 100_000;

/** zod's classic API installs its English messages (locales/en.js) as the default; no other locale is needed. */
const OTHER_ZOD_LOCALE = /node_modules\/zod\/v4\/locales\/(?!en\.js$)/;

describe('browser bundle of a working send', () => {
  it(`bundles for the browser within ${GZIP_BUDGET_BYTES} bytes gzipped, without zod's other locales or Node built-ins`, async () => {
    // Act
    const bundle = await bundleBrowserEntry(resolve(__dirname, 'workingSend.ts'));

    // Assert
    expect(bundle.errors).toEqual([]);
    expect(bundle.inputs.filter((input) => OTHER_ZOD_LOCALE.test(input))).toEqual([]);
    expect(bundle.inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
    expect(bundle.code).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(bundle.inputs).toContain('lib/client/EventClient.ts');
    expect(bundle.gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it("brings in every zod locale when zod is imported as `import { z } from 'zod'`, hence `import * as z`", async () => {
    // Act
    const bundle = await bundleBrowserEntry(resolve(__dirname, 'namedZodImportSend.ts'));

    // Assert: measured 263.8 KB of locales minified, 162 KB gzipped in all
    expect(bundle.errors).toEqual([]);
    expect(bundle.parts['zod locales']).toBeGreaterThan(200_000);
    expect(bundle.gzipBytes).toBeGreaterThan(GZIP_BUDGET_BYTES + 50_000);
  });
});
