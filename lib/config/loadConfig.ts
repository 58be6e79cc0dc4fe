import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../core/errors';
import type { DataLakeConfig } from './lakeConfig';
import { parseConfig } from './parseConfig';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

function syntaxError(
  file: string,
  format: string,
  line: number,
  col: number,
  reason: string,
  cause: unknown,
) {
  const message = `${format} syntax error at line ${line}, column ${col}: ${reason}`;
  return new ConfigError([{ path: '', message }], { file, cause });
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 gives a character offset ("... in JSON at position 11"); at the end of input it gives none.
    const position = /at position (\d+)/.exec(message);
    const { line, col } = lineAndColumn(text, position ? Number(position[1]) : text.length);
    throw syntaxError(file, 'JSON', line, col, message.replace(/ in JSON at position \d+.*$/s, ''), error);
  }
}

function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const { line, col } = error.linePos?.[0] ?? lineAndColumn(text, error.pos[0]);
    // The message repeats the position and a code excerpt; keep the reason only.
    const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    throw syntaxError(file, 'YAML', line, col, reason, error);
  }
}

/**
 * Reads, validates and normalizes a config file: `.yaml`/`.yml` as YAML,
 * `.json` as JSON.
 *
 * @param path - the config file, absolute or relative to the working directory.
 * @throws {ConfigError} naming the file when it is missing or unreadable, has
 *   another extension, has a syntax error (with its line and column), or does
 *   not satisfy the schema (see {@link parseConfig}).
 * @example
 * ```ts
 * const config = loadConfig(DEFAULT_CONFIG_PATH);
 * ```
 */
export function loadConfig(path: string): DataLakeConfig {
  const file = resolve(path);
  const extension = extname(file).toLowerCase();
  if (!EXTENSIONS.includes(extension)) {
    const message = `received a file ending ${JSON.stringify(extension || '(no extension)')}; allowed: ${EXTENSIONS.join(', ')}`;
    throw new ConfigError([{ path: '', message }], { file });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new ConfigError([{ path: '', message: `cannot read ${file}: ${reason}` }], { file, cause: error });
  }
  const input = extension === '.json' ? parseJson(text, file) : parseYamlText(text, file);
  return parseConfig(input, file);
}
