import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Files whose content changes how esbuild reads the modules beside and below them. */
const RESOLUTION_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

/** More than the coarse clock tick Linux stamps file times with. */
const CLOCK_TICK_MARGIN_MS = 1000;

/**
 * Content hashes of files already read in this process, keyed by path, inode, size and change
 * time (ctime: any write or `utimes` moves it, so an edit that keeps size and mtime still shows).
 */
const fileHashes = new Map<string, string>();

/**
 * A hash of everything a bundle was built from: the content of each input file esbuild read
 * (`metafile.inputs`, paths relative to `root`), and for every folder from an input up to
 * `root` its listing with the targets of its symbolic links (so a new file that a module
 * specifier would now resolve to, such as `x.tsx` beside `x.ts` or a nearer `node_modules/pkg`,
 * or a link pointed elsewhere, changes the hash), its `node_modules`
 * listing and its `package.json`/`tsconfig.json`. Dot-names are left out of listings: no
 * extension or package lookup resolves to them.
 *
 * Returns `undefined` when the hash cannot vouch for a bundle built since `builtAfter`
 * (epoch ms): an input is missing, or a file or folder was changed at or after that time, so
 * esbuild may have read another version than the one hashed. Changed means its ctime, which
 * every write sets and no tool can set back (unlike the mtime `tar`, `cp -p` or `rsync -t` restore).
 *
 * @example
 * ```ts
 * const started = Date.now();
 * const inputs = Object.keys(esbuild.buildSync({ ..., metafile: true }).metafile.inputs);
 * const key = bundleInputsFingerprint(REPO_ROOT, inputs, started); // undefined: do not cache
 * ```
 */
export function bundleInputsFingerprint(
  root: string,
  inputs: readonly string[],
  builtAfter = Number.POSITIVE_INFINITY,
): string | undefined {
  const lines: string[] = [];
  const folders = new Set<string>();
  for (const input of new Set(inputs)) {
    const file = path.resolve(root, input);
    const hash = fileHash(file, builtAfter);
    if (hash === undefined) return undefined;
    lines.push(`file ${input} ${hash}`);
    for (let folder = path.dirname(file); !folders.has(folder); folder = path.dirname(folder)) {
      folders.add(folder);
      if (folder === root || !folder.startsWith(`${root}${path.sep}`)) break;
    }
  }
  for (const folder of folders) {
    const relative = path.relative(root, folder);
    const listing = folderListing(folder, builtAfter);
    if (listing === undefined) return undefined;
    lines.push(`folder ${relative} ${listing}`);
    const modules = path.join(folder, 'node_modules');
    if (existsSync(modules)) {
      const modulesListing = folderListing(modules, builtAfter);
      if (modulesListing === undefined) return undefined;
      lines.push(`folder ${path.join(relative, 'node_modules')} ${modulesListing}`);
    }
    for (const name of RESOLUTION_FILES) {
      const file = path.join(folder, name);
      if (!existsSync(file)) continue;
      const hash = fileHash(file, builtAfter);
      if (hash === undefined) return undefined;
      lines.push(`file ${path.join(relative, name)} ${hash}`);
    }
  }
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

function fileHash(file: string, builtAfter: number): string | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.ctimeMs >= builtAfter) return undefined;
  const key = `${file}\0${stats.ino}\0${stats.size}\0${stats.ctimeMs}`;
  let hash = fileHashes.get(key);
  if (hash === undefined) {
    hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    // A file changed this very clock tick could change again without moving its ctime.
    if (stats.ctimeMs < Date.now() - CLOCK_TICK_MARGIN_MS) fileHashes.set(key, hash);
  }
  return hash;
}

function folderListing(folder: string, builtAfter: number): string | undefined {
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (!stats?.isDirectory() || stats.ctimeMs >= builtAfter) return undefined;
  // A symbolic link is listed with its target (`npm link` repoints node_modules/<pkg>).
  const entries = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .map((entry) =>
      entry.isSymbolicLink() ? `${entry.name} -> ${readlinkSync(path.join(folder, entry.name))}` : entry.name,
    );
  return createHash('sha256').update(entries.sort().join('\n')).digest('hex');
}
