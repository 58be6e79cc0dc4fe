import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Message, type Metafile } from 'esbuild';

/** What {@link bundleBrowserEntry} measured. */
export interface BrowserBundle {
  /** esbuild's errors: an import that does not resolve for the browser is one. */
  readonly errors: readonly Message[];
  /** Minified bytes; 0 when the build failed. */
  readonly bytes: number;
  /** Those bytes gzipped (zlib's default level 6, as servers and the gzip CLI use). */
  readonly gzipBytes: number;
  readonly code: string;
  /** Minified bytes per part: `zod`, `zod locales`, `@aws-sdk`, `@smithy`, `ours` (lib/) or another package's name. */
  readonly parts: Readonly<Record<string, number>>;
  /** Files with bytes in the bundle (esbuild's metafile; files read but tree-shaken away are not), relative to the repository. */
  readonly inputs: readonly string[];
}

/**
 * Bundles an entry as an app's bundler would for a browser (esbuild: `platform: 'browser'`,
 * minified ESM, everything bundled) in memory, from local files only (no network), and says what
 * its bytes are made of. A failed build is returned with its errors, not thrown.
 *
 * @example
 * ```ts
 * const { gzipBytes, parts } = await bundleBrowserEntry(resolve(__dirname, 'workingSend.ts'));
 * ```
 */
export async function bundleBrowserEntry(entry: string): Promise<BrowserBundle> {
  const root = resolve(__dirname, '../../..');
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const bytes = Buffer.byteLength(code);
    return {
      errors: result.errors,
      bytes,
      gzipBytes: gzipSync(code).byteLength,
      code,
      parts: partsOf(result.metafile),
      inputs: Object.values(result.metafile.outputs).flatMap((output) =>
        Object.entries(output.inputs)
          .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
          .map(([path]) => path),
      ),
    };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    return { errors, bytes: 0, gzipBytes: 0, code: '', parts: {}, inputs: [] };
  }
}

function partsOf(metafile: Metafile): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = partOf(path);
      parts[part] = (parts[part] ?? 0) + bytesInOutput;
    }
  }
  return parts;
}

function partOf(path: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (!inPackage) return 'ours';
  if (path.includes('node_modules/zod/v4/locales/')) return 'zod locales';
  const name = inPackage[1];
  if (name.startsWith('@aws-sdk/')) return '@aws-sdk';
  if (name.startsWith('@smithy/')) return '@smithy';
  return name;
}
