import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * A layering rule: files under `folder` must not import a package matching `forbidden`, nor a
 * file of this repository whose path (relative to the root, without extension) matches
 * `forbiddenFiles`.
 */
export interface ImportRule {
  readonly folder: string;
  readonly forbidden: RegExp;
  /** @default - no file of the repository is forbidden */
  readonly forbiddenFiles?: RegExp;
  readonly why: string;
}

/** One import that breaks a rule. */
export interface ImportViolation {
  readonly file: string;
  readonly specifier: string;
  readonly why: string;
}

const IMPORT_SPECIFIER =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s*['"]([^'"]+)['"]/g;

/** Every module specifier a TypeScript source imports, re-exports or requires. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT_SPECIFIER)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries.filter((name) => /\.[cm]?[tj]s$/.test(name)).map((name) => join(dir, name));
}

/** Checks every source file under each rule's folder (relative to `root`). */
export function findImportViolations(root: string, rules: readonly ImportRule[]): ImportViolation[] {
  return rules.flatMap((rule) =>
    sourceFiles(join(root, rule.folder)).flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8'))
        .filter((specifier) =>
          specifier.startsWith('.')
            ? (rule.forbiddenFiles?.test(repoPath(root, file, specifier)) ?? false)
            : rule.forbidden.test(specifier),
        )
        .map((specifier) => ({ file: relative(root, file), specifier, why: rule.why })),
    ),
  );
}

/** The repository path a relative specifier of `file` names, e.g. `lib/infra/lambda/pipelineFunction`. */
function repoPath(root: string, file: string, specifier: string): string {
  return relative(root, resolve(dirname(file), specifier)).replace(/\.(ts|js)$/, '');
}
