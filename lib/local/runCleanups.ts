/**
 * Runs cleanup steps in order, each whatever the ones before it did, and returns what they threw
 * (non-errors wrapped), so a caller keeps its own first error and reports these beside it.
 *
 * @example
 * ```ts
 * const errors = await runCleanups([() => connection.close(), () => rm(temp, { recursive: true, force: true })]);
 * ```
 */
export async function runCleanups(steps: readonly (() => unknown)[]): Promise<Error[]> {
  const errors: Error[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return errors;
}
