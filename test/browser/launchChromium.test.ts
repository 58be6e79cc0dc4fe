import { launchChromium } from './launchChromium';

describe('launchChromium', () => {
  it('installs a missing Chromium first, and fails naming the install command when that fails, rather than skipping', async () => {
    // Arrange: browser.sh reports this path, as it reports /usr/bin/chromium on a machine without it
    const saved = process.env.DATALAKE_CHROMIUM;
    process.env.DATALAKE_CHROMIUM = '/nonexistent/chromium';

    try {
      // Act
      const launch = launchChromium();

      // Assert (a browser launched by mistake is closed, so jest does not wait on it)
      await launch.then((browser) => browser.close()).catch(() => undefined);
      await expect(launch).rejects.toThrow(
        'Chromium is not installed (no /nonexistent/chromium) and could not be installed; the browser tests need it: run `bash scripts/services/browser.sh install`',
      );
      // The install was tried: browser.sh refuses a DATALAKE_CHROMIUM that is no executable.
      await expect(launch.catch((error: Error) => String((error.cause as Error).message))).resolves.toMatch(
        /DATALAKE_CHROMIUM is set to '\/nonexistent\/chromium', which is not an executable/,
      );
    } finally {
      if (saved === undefined) delete process.env.DATALAKE_CHROMIUM;
      else process.env.DATALAKE_CHROMIUM = saved;
    }
  });
});
