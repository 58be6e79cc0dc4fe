import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DataLakeError } from '../core/errors';

/** A server running in a child Node process. */
export interface NodeServer {
  /** The `http://127.0.0.1:<port>` URL the server printed. */
  readonly endpoint: string;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `script` (a Node program that listens on a free loopback port and prints its
 * `http://…` URL on a line of its own) in a child Node process from the repository root, and
 * resolves once it printed the URL. A child process keeps the emulators' sockets out of the
 * caller's event loop (jest exits on its own) and gives them a core of their own.
 *
 * @param name - what to call the server in errors
 * @param options.module - run `script` as an ES module (for ESM-only packages). @default false
 * @example
 * ```ts
 * const kinesis = await startNodeServer('kinesalite', "require('kinesalite')().listen(0, '127.0.0.1', …)");
 * ```
 */
export async function startNodeServer(
  name: string,
  script: string,
  options: { readonly module?: boolean } = {},
): Promise<NodeServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.module ? ['--input-type=module'] : []), '-e', script],
    { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const endpoint = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((candidate) => candidate.startsWith('http'));
      if (line) done(line.trim());
    });
    child.once('exit', (code) => fail(new DataLakeError(`${name} exited with ${code} before listening`)));
  });
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill();
      await exited;
    },
  };
}
