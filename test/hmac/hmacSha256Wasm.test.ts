import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');
const SCRIPT = join(REPO_ROOT, 'scripts/build/hmacWasm.sh');
const INSTALL_HINT = 'apt-get install -y clang lld';

/** The generated file's two header lines (the compiler versions, the size) and its SHA-256. */
const summary = (text: string) => ({
  header: text.split('\n').slice(0, 2),
  sha256: createHash('sha256').update(text).digest('hex'),
});

describe('hmacSha256Wasm.ts', () => {
  let workDir: string;

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'hmac-wasm-'));
  });

  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('is what scripts/build/hmacWasm.sh builds from hmacSha256.c today (else: run that script, commit)', () => {
    // Arrange: the compiler is installed first when missing, as the test servers and Chromium are
    // (apt-get, so root, as in CI); without it this test fails, never skips, so a stale module
    // cannot pass CI.
    // A spawnSync blocks jest's own timer: the install gets a deadline of its own, under the test's.
    const tools = spawnSync('bash', [SCRIPT, 'install'], {
      encoding: 'utf8',
      env: process.env,
      timeout: 240_000,
    });
    if (tools.status !== 0) {
      throw new Error(
        `clang and wasm-ld are needed to rebuild lib/hmac/hmacSha256Wasm.ts and could not be installed (${tools.stderr.trim()}): run ${INSTALL_HINT}`,
      );
    }

    // Act
    const build = spawnSync('bash', [SCRIPT, 'build', workDir], { encoding: 'utf8' });

    // Assert
    expect({ status: build.status, stderr: build.status === 0 ? '' : build.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    // (compared by header and hash: a diff of 25 KB of base64 says nothing; the header names the
    // compiler, the usual cause besides an edited hmacSha256.c; the fix: run the script, commit)
    expect(summary(readFileSync(join(workDir, 'hmacSha256Wasm.ts'), 'utf8'))).toEqual(
      summary(readFileSync(join(REPO_ROOT, 'lib/hmac/hmacSha256Wasm.ts'), 'utf8')),
    );
  }, 300_000); // apt-get of clang and lld on a fresh machine: about a minute

  it('makes the build script name the packages to install when clang is missing', () => {
    // Arrange: a PATH with the one outside tool the script needs before it looks for clang
    const which = (tool: string) =>
      spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    const bin = join(workDir, 'bin');
    mkdirSync(bin);
    symlinkSync(which('dirname'), join(bin, 'dirname'));

    // Act
    const build = spawnSync(which('bash'), [SCRIPT, 'build', workDir], {
      encoding: 'utf8',
      env: { PATH: bin },
    });

    // Assert
    expect(build.status).toBe(1);
    expect(build.stderr).toContain(INSTALL_HINT);
  });
});
