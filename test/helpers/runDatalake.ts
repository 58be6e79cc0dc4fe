import { type ChildProcess, execFile, spawn } from 'node:child_process';
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

/** A `datalake …` child process still running, with what it printed so far. */
export interface RunningDatalake {
  readonly child: ChildProcess;
  /** stdout so far. */
  stdout(): string;
  /** stderr so far. */
  stderr(): string;
  /** Resolves with the exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts `datalake …` as a child process from the repository root, to signal it while it runs. */
export function startDatalake(...args: string[]): RunningDatalake {
  const child = spawn('node', [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'SIGKILL')),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
