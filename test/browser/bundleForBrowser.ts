import { build } from 'esbuild';
import { DataLakeError } from '../../lib/core/errors';

/**
 * Bundles a TypeScript entry (and the real lib/client code it imports) for the browser with
 * esbuild: `platform: 'browser'` (packages' browser builds, e.g. the AWS SDK's fetch handler),
 * one IIFE script for a `<script>` tag or a classic Web Worker, for a current Chrome. Kept in
 * memory; the returned text is what a page or worker loads.
 *
 * @param entry - path of the entry file (absolute, or relative to the working directory)
 * @example
 * ```ts
 * const code = await bundleForBrowser(resolve(__dirname, 'pages/sendPage.ts'));
 * ```
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new DataLakeError(`esbuild produced no output for ${entry}`);
  return output.text;
}
