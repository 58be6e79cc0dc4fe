import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { DataLakeError } from '../../core/errors';

/** The project's script that builds and runs the mock broker. */
export const KAFKA_SCRIPT = resolve(__dirname, '../../../scripts/services/kafka.sh');

/** The last line a failed command wrote to stderr: the scripts' `die` message. */
function lastStderrLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const lines = typeof stderr === 'string' ? stderr.trim().split('\n') : [];
  return (
    lines.at(-1) || (error instanceof Error ? error.message.split('\n')[0] : String(error)) || 'no output'
  );
}

/**
 * Builds librdkafka's mock cluster program if needed (`kafka.sh build`, skipped when it is up to
 * date) and returns the binary's path.
 *
 * @param script - the service script. @default scripts/services/kafka.sh
 * @throws DataLakeError when it cannot be built (on a machine without librdkafka-dev or gcc),
 *   saying to run `bash scripts/services/kafka.sh install`
 * @example
 * ```ts
 * const binary = await buildKafkaMock();
 * ```
 */
export async function buildKafkaMock(script: string = KAFKA_SCRIPT): Promise<string> {
  const run = promisify(execFile);
  try {
    await run('bash', [script, 'build']);
  } catch (error) {
    throw new DataLakeError(
      `The local Kafka broker (librdkafka's mock cluster) could not be built: ${lastStderrLine(error)}. Install its build tools with \`bash scripts/services/kafka.sh install\` (apt: gcc, librdkafka-dev, kcat), then run again`,
      { cause: error },
    );
  }
  const { stdout } = await run('bash', [script, 'path']);
  return stdout.trim();
}
