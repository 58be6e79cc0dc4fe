import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';

/** What {@link installBundleModules} installs. */
export interface BundleModules {
  /** Package name → version, as the project's `package.json` pins them. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The lockfile `npm ci` installs from. */
  readonly lockFile: string;
  /** Variables added to npm's environment (e.g. the platform whose native binding it picks). */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Installs packages into a bundle folder the way `NodejsFunction`'s `nodeModules` does (a
 * `package.json` naming them, the project's lockfile, `npm ci`), once per distinct set: the
 * result is kept under `cacheDir` (the bundle cache), keyed by the packages, the lockfile's content
 * and npm's environment, and copied into the next bundle that needs the same set (the
 * transform and extract Lambdas both install DuckDB).
 *
 * @example
 * ```ts
 * installBundleModules(outputDir, { dependencies: { '@duckdb/node-api': '1.5.5-r.5' }, lockFile, environment: {} }, cacheDir);
 * ```
 */
export function installBundleModules(outputDir: string, modules: BundleModules, cacheDir: string): void {
  const key = createHash('sha256')
    .update(JSON.stringify({ ...modules, lockFile: readFileSync(modules.lockFile, 'utf8') }))
    .digest('hex');
  const cached = path.join(cacheDir, 'installs', key);
  if (existsSync(cached)) {
    try {
      cpSync(cached, outputDir, { recursive: true });
      return;
    } catch {
      // Another synth replaced the entry while we copied: install afresh below.
    }
  }
  writeFileSync(path.join(outputDir, 'package.json'), JSON.stringify({ dependencies: modules.dependencies }));
  copyFileSync(modules.lockFile, path.join(outputDir, 'package-lock.json'));
  execFileSync('npm', ['ci'], {
    cwd: outputDir,
    env: { ...process.env, ...modules.environment },
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  const staging = path.join(cacheDir, 'installs', `.tmp-${randomUUID()}`);
  mkdirSync(staging, { recursive: true });
  for (const name of ['package.json', 'package-lock.json', 'node_modules']) {
    cpSync(path.join(outputDir, name), path.join(staging, name), { recursive: true });
  }
  try {
    renameSync(staging, cached);
  } catch {
    // A concurrent synth stored the same install first.
    rmSync(staging, { recursive: true, force: true });
  }
}
