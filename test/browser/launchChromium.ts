import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { DataLakeError } from '../../lib/core/errors';

const BROWSER_SCRIPT = resolve(__dirname, '../../scripts/services/browser.sh');

/** The host name that the browser resolves to 127.0.0.1 and does not count as a secure context. */
export const INSECURE_HOST = 'lan.test';

/**
 * Flags this machine needs for Debian's Chromium driven headless: no sandbox (tests run as root
 * in a container), no GPU, no QUIC, no first-run, background-networking, component-update or
 * sync traffic (nothing may leave the machine), and `lan.test` mapped to loopback so a page on
 * http://lan.test:<port>/ is served locally yet is NOT a secure context (only localhost,
 * 127.0.0.0/8 and https origins are potentially trustworthy:
 * https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy).
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
];

/**
 * The system Chromium's path, as scripts/services/browser.sh prints it; installed first when
 * missing, as the test database servers are (apt-get, so root, as in CI; the script's dpkg lock
 * wait covers two suites installing at once).
 */
function chromiumPath(): string {
  // The env passed explicitly: jest gives each test file its own process.env, which a child would not see.
  const script = (command: 'path' | 'install') =>
    execFileSync('bash', [BROWSER_SCRIPT, command], { encoding: 'utf8', env: process.env }).trim();
  const path = script('path');
  if (existsSync(path)) return path;
  try {
    script('install');
  } catch (error) {
    throw new DataLakeError(
      `Chromium is not installed (no ${path}) and could not be installed; the browser tests need it: run \`bash scripts/services/browser.sh install\``,
      { cause: error },
    );
  }
  return path;
}

/**
 * Launches Debian's Chromium (never a downloaded browser) headless through playwright-core, with
 * a fresh temporary profile (playwright makes one per launch and deletes it on `close()`).
 *
 * @throws DataLakeError naming `bash scripts/services/browser.sh install` when Chromium is missing
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await browser.close();
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
}
