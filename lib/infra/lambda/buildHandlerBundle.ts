import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './BUNDLE_CACHE_DIR';
import { type BundleModules, installBundleModules } from './installBundleModules';

/** What a handler bundle is built from. */
export interface HandlerBundleSpec {
  /** The handler file, absolute. */
  readonly entry: string;
  /** Packages installed into the bundle with `npm ci` instead of bundled; none when undefined. */
  readonly modules?: BundleModules;
}

/**
 * The esbuild options `NodejsFunction` passes on its command line for our bundling props
 * (`target: 'node24'`, CJS, `minify`, `sourceMap`, `externalModules: []`, `nodeModules`), for
 * the JS API: the same options build the same bytes. esbuild runs in the repository root, and
 * the source map names sources relative to `outputDir`, as `NodejsFunction`'s do.
 */
export function handlerBuildOptions(spec: HandlerBundleSpec, outputDir: string): esbuild.BuildOptions {
  return {
    entryPoints: [spec.entry],
    bundle: true,
    target: 'node24',
    platform: 'node',
    format: 'cjs',
    outfile: path.join(outputDir, 'index.js'),
    minify: true,
    sourcemap: true,
    external: Object.keys(spec.modules?.dependencies ?? {}),
    absWorkingDir: REPO_ROOT,
  };
}

/**
 * Builds a handler bundle into `outputDir` as `NodejsFunction` does (esbuild, then `npm ci` of
 * the packages left out of it) and returns the files esbuild read, relative to the repository
 * root, for the cache to check next time. Installs are kept under `cacheDir`.
 *
 * @example
 * ```ts
 * const inputs = buildHandlerBundle({ entry: '/repo/lambdas/plan/handler.ts' }, outputDir, BUNDLE_CACHE_DIR);
 * ```
 */
export function buildHandlerBundle(spec: HandlerBundleSpec, outputDir: string, cacheDir: string): string[] {
  const result = esbuild.buildSync({
    ...handlerBuildOptions(spec, outputDir),
    metafile: true,
    logLevel: 'warning',
  });
  if (spec.modules) installBundleModules(outputDir, spec.modules, cacheDir);
  return Object.keys(result.metafile.inputs);
}
