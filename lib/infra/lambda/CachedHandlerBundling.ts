import { createHash, randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import type { ILocalBundling } from 'aws-cdk-lib';
import * as esbuild from 'esbuild';
import { BUNDLE_CACHE_DIR, REPO_ROOT } from './BUNDLE_CACHE_DIR';
import { buildHandlerBundle, type HandlerBundleSpec, handlerBuildOptions } from './buildHandlerBundle';
import { bundleInputsFingerprint } from './bundleInputsFingerprint';

/**
 * How far a file's change time may lag the clock (Linux stamps files from a coarse clock): files
 * changed this long before a build started count as changed during it, and are not cached yet.
 */
const FS_CLOCK_MARGIN_MS = 1000;

/**
 * Bundles a handler the way `NodejsFunction` does, reusing the last bundle when nothing it was
 * built from changed. Entries live in `<cacheDir>/bundles/<options>/<inputs>`:
 * `<options>` hashes the esbuild options and version, the installed packages with the lockfile,
 * and where the output sits relative to the repository (source maps name sources relative to
 * it); `<inputs>` is {@link bundleInputsFingerprint} of the files esbuild read last time
 * (`inputs.json`). A bundle is stored only when none of its inputs changed while it was built,
 * so an entry never holds output older than its fingerprint says.
 *
 * Its fields are public because CDK tells bundling options apart by their JSON: two functions
 * with the same entry and packages share one bundle in a synth.
 *
 * @example
 * ```ts
 * lambda.Code.fromAsset(REPO_ROOT, {
 *   assetHashType: AssetHashType.OUTPUT,
 *   bundling: { image: DockerImage.fromRegistry('dummy'), local: new CachedHandlerBundling({ entry }) },
 * });
 * ```
 */
export class CachedHandlerBundling implements ILocalBundling {
  readonly entry: string;
  readonly modules?: HandlerBundleSpec['modules'];
  readonly cacheDir: string;

  /** @param cacheDir where bundles are kept; @default {@link BUNDLE_CACHE_DIR} */
  constructor(spec: HandlerBundleSpec, cacheDir: string = BUNDLE_CACHE_DIR) {
    this.entry = spec.entry;
    this.modules = spec.modules;
    this.cacheDir = cacheDir;
  }

  tryBundle(outputDir: string): boolean {
    const spec: HandlerBundleSpec = { entry: this.entry, modules: this.modules };
    const entryDir = path.join(this.cacheDir, 'bundles', optionsKey(spec, outputDir));
    if (reuse(entryDir, outputDir)) {
      process.stderr.write(
        `  ${path.relative(REPO_ROOT, this.entry)} unchanged: bundle reused from the cache\n`,
      );
      return true;
    }
    mkdirSync(entryDir, { recursive: true });
    const started = Date.now() - FS_CLOCK_MARGIN_MS;
    const inputs = buildHandlerBundle(spec, outputDir, this.cacheDir);
    const fingerprint = bundleInputsFingerprint(REPO_ROOT, inputs, started);
    if (fingerprint !== undefined) store(entryDir, fingerprint, inputs, outputDir);
    return true;
  }
}

function optionsKey(spec: HandlerBundleSpec, outputDir: string): string {
  const { outfile, ...options } = handlerBuildOptions(spec, outputDir);
  const modules = spec.modules && { ...spec.modules, lockFile: readFileSync(spec.modules.lockFile, 'utf8') };
  const key = {
    esbuild: esbuild.version,
    options,
    outfile: path.relative(outputDir, outfile ?? ''),
    repository: path.relative(outputDir, REPO_ROOT),
    modules,
  };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

/** Copies the cached bundle whose inputs match today's files into `outputDir`, if there is one. */
function reuse(entryDir: string, outputDir: string): boolean {
  const inputsFile = path.join(entryDir, 'inputs.json');
  if (!existsSync(inputsFile)) return false;
  const fingerprint = bundleInputsFingerprint(
    REPO_ROOT,
    JSON.parse(readFileSync(inputsFile, 'utf8')) as string[],
  );
  if (fingerprint === undefined) return false;
  const cached = path.join(entryDir, fingerprint);
  if (!existsSync(cached)) return false;
  try {
    cpSync(cached, outputDir, { recursive: true });
    return true;
  } catch {
    // Another synth pruned the entry while we copied: build afresh.
    for (const name of readdirSync(outputDir))
      rmSync(path.join(outputDir, name), { recursive: true, force: true });
    return false;
  }
}

/** Keeps `outputDir` as the entry's only bundle, written under a temporary name and renamed. */
function store(entryDir: string, fingerprint: string, inputs: readonly string[], outputDir: string): void {
  const staging = path.join(entryDir, `.tmp-${randomUUID()}`);
  cpSync(outputDir, staging, { recursive: true });
  try {
    renameSync(staging, path.join(entryDir, fingerprint));
  } catch {
    // A concurrent synth stored the same bundle first.
    rmSync(staging, { recursive: true, force: true });
  }
  const inputsStaging = path.join(entryDir, `.tmp-${randomUUID()}.json`);
  writeFileSync(inputsStaging, JSON.stringify(inputs));
  renameSync(inputsStaging, path.join(entryDir, 'inputs.json'));
  for (const name of readdirSync(entryDir)) {
    if (name !== fingerprint && name !== 'inputs.json' && !name.startsWith('.')) {
      rmSync(path.join(entryDir, name), { recursive: true, force: true });
    }
  }
}
