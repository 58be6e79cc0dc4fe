import { type BrowserHarness, startBrowserHarness } from './harness';

/**
 * One browser harness for the calling suite: started in `beforeAll` (Chromium, kinesalite, the
 * static server), stopped in `afterAll`.
 *
 * @returns the started harness; call it inside tests and hooks
 * @example
 * ```ts
 * const harness = useBrowserHarness();
 * it('sends', async () => {
 *   const page = await harness().openPage({ entry });
 * });
 * ```
 */
export function useBrowserHarness(): () => BrowserHarness {
  let harness: BrowserHarness | undefined;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
  });
  return () => {
    if (harness === undefined)
      throw new Error('The browser harness is started in beforeAll: call it inside a test or hook');
    return harness;
  };
}
