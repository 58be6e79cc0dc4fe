import type { Page } from 'playwright-core';
import { withDeadline } from '../withDeadline';
import type { LifecyclePageApi } from './lifecyclePage';

/**
 * Calls the lifecycle page's `globalThis.lifecyclePage` API in the browser, at most 20 s: `run`
 * is sent as source and called there with the API and `arg` (plain JSON).
 *
 * @example
 * ```ts
 * const state = await lifecyclePage(page, 'state', (api) => api.state(), undefined);
 * ```
 */
export function lifecyclePage<T, A>(
  page: Page,
  what: string,
  run: (api: LifecyclePageApi, arg: A) => T,
  arg: A,
): Promise<Awaited<T>> {
  return withDeadline(
    page.evaluate(
      ({ source, input }) => {
        const api = (globalThis as unknown as { lifecyclePage: LifecyclePageApi }).lifecyclePage;
        return new Function('api', 'input', `return (${source})(api, input)`)(api, input);
      },
      { source: run.toString(), input: arg },
    ),
    20_000,
    what,
  ) as Promise<Awaited<T>>;
}
