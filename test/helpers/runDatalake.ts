import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The repository root, where the CLI runs from. */
export const REPO = resolve(__dirname, '../..');
const BIN = join(REPO, 'bin/datalake-cli.js');

/** How a `datalake` run ended. */
export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `datalake …` as a child process from the repository root, as a user would. */
export async function datalake(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { cwd: REPO, maxBuffer: 16 * 1024 ** 2 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
