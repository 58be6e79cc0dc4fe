import { DataLakeError } from '../../lib/core/errors';

/**
 * Resolves or rejects as `work` does, or rejects with a DataLakeError naming `what` after
 * `timeoutMs`: Playwright's `page.evaluate` has no timeout of its own, so every wait on the page
 * goes through this.
 *
 * @example
 * ```ts
 * const result = await withDeadline(page.evaluate(() => 1 + 1), 10_000, 'the page to add');
 * ```
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new DataLakeError(`Timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
