/**
 * `work`, or a rejection with `timedOut()`'s error once `ms` have passed first (its later
 * outcome is then ignored, a rejection included). `timedOut` is where the caller ends what
 * `work` waits on, e.g. destroys the session.
 *
 * @example
 * ```ts
 * const rows = await withDeadline(runQuery(), 540_000, () => { connection.destroy(); return timeoutError; });
 * ```
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
