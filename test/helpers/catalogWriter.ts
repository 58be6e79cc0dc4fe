import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { REPO } from './runDatalake';

/** Resolves with the writer's next stdout line. */
export function nextLine(writer: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    writer.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()));
    writer.once('exit', (code) => reject(new Error(`writer exited with ${code}`)));
  });
}

/**
 * A separate process holding the DuckDB catalog `file` open for writing (test/helpers/
 * holdCatalogOpen.ts), as a local run does; resolves once it holds the write lock. Commands on its
 * stdin make it commit; end its stdin to stop it.
 */
export async function startCatalogWriter(file: string): Promise<ChildProcessWithoutNullStreams> {
  const writer = spawn('node', ['-r', 'tsx/cjs', 'test/helpers/holdCatalogOpen.ts', file], { cwd: REPO });
  const first = await nextLine(writer);
  if (first !== 'holding') throw new Error(`catalog writer said ${JSON.stringify(first)}, not "holding"`);
  return writer;
}
