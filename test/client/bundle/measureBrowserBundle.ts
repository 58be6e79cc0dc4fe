// Prints what a working browser send bundles to: `npx tsx test/client/bundle/measureBrowserBundle.ts`.
import { resolve } from 'node:path';
import { bundleBrowserEntry } from './bundleBrowserEntry';

async function main(): Promise<void> {
  for (const entry of ['workingSend.ts', 'namedZodImportSend.ts']) {
    const bundle = await bundleBrowserEntry(resolve(__dirname, entry));
    const parts = Object.entries(bundle.parts)
      .sort(([, a], [, b]) => b - a)
      .map(([part, bytes]) => `${part} ${(bytes / 1000).toFixed(1)} KB`)
      .join(', ');
    console.log(
      `${entry}: ${(bundle.bytes / 1000).toFixed(1)} KB minified, ${(bundle.gzipBytes / 1000).toFixed(1)} KB gzipped (${bundle.gzipBytes} bytes); minified parts: ${parts}`,
    );
  }
}

void main();
