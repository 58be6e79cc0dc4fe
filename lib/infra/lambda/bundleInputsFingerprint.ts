import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Files whose content changes how esbuild reads the modules beside and below them. */
const RESOLUTION_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

/** Content hashes of files already read in this process, keyed by path, size and mtime. */
const fileHashes = new Map<string, string>();

/**
 * A hash of everything a bundle was built from: the content of each input file esbuild read
 * (`metafile.inputs`, paths relative to `root`), and for every folder from an input up to
 * `root` its listing (so a new file that a module specifier would now resolve to, such as
 * `x.tsx` beside `x.ts` or a nearer `node_modules/pkg`, changes the hash), its `node_modules`
 * listing and its `package.json`/`tsconfig.json`. Dot-names are left out of listings: no
 * extension or package lookup resolves to them.
 *
 * Returns `undefined` when the hash cannot vouch for a bundle built since `builtAfter`
 * (epoch ms): an input is missing, or a file or folder was changed at or after that time, so
 * esbuild may have read another version than the one hashed.
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
  if (!stats?.isFile() || stats.mtimeMs >= builtAfter) return undefined;
  const key = `${file}\0${stats.size}\0${stats.mtimeMs}`;
  let hash = fileHashes.get(key);
  if (hash === undefined) {
    hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    fileHashes.set(key, hash);
  }
  return hash;
}

function folderListing(folder: string, builtAfter: number): string | undefined {
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (!stats?.isDirectory() || stats.mtimeMs >= builtAfter) return undefined;
  const names = readdirSync(folder).filter((name) => !name.startsWith('.'));
  return createHash('sha256').update(names.sort().join('\n')).digest('hex');
}
