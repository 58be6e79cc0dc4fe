import { CommanderError } from 'commander';
import { CliUsageError } from './CliUsageError';
import { describeFailure } from './describeFailure';
import type { Output } from './Output';
import { buildProgram } from './program';

/** Exit codes of `datalake`, by convention: 0 ok, 1 failure, 2 usage error. */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Runs the `datalake` command line on `argv` (`process.argv` shape) and returns its exit code:
 * help and version 0, a command-line mistake 2 (commander's message and a hint), any other
 * failure 1 with one clear line on stderr (see {@link describeFailure}).
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv, processOutput);
 * ```
 */
export async function runCli(argv: readonly string[], output: Output): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync([...argv]);
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const verbose = argv.includes('--verbose');
    output.err(describeFailure(error, verbose));
    return error instanceof CliUsageError ? EXIT_CODES.usage : EXIT_CODES.failure;
  }
}
