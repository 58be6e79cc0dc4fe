import * as path from 'node:path';

/** The repository root: where `lambdas/`, the lockfile and `node_modules` live. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * Where handler bundles are kept between synths (see {@link CachedHandlerBundling}). Under
 * `node_modules`, so git ignores it, `rm -rf cdk.out` keeps it and `npm ci` (a new lockfile)
 * empties it.
 */
export const BUNDLE_CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'datalake-bundles');
