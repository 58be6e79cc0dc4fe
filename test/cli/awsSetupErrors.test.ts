import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Outcome, REPO } from '../helpers/runDatalake';

const run = promisify(execFile);

/** A loopback port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

/**
 * Runs `datalake …` with no AWS credentials or region anywhere the SDK looks: no AWS_*
 * variables, shared config and credentials files that do not exist, and the instance metadata
 * service (the chain's last resort) pointed at a closed loopback port, so nothing leaves the host.
 */
async function datalakeWithoutAws(env: Record<string, string>, ...args: string[]): Promise<Outcome> {
  const home = mkdtempSync(join(tmpdir(), 'no-aws-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  try {
    const { stdout, stderr } = await run('node', ['bin/datalake-cli.js', ...args], {
      cwd: REPO,
      env: {
        ...clean,
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
        AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('datalake status and query without an AWS region', () => {
  let dir: string;
  let config: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'no-region-'));
    config = join(dir, 'lake.yaml');
    const example = readFileSync(join(REPO, 'config/marketplace.yaml'), 'utf8');
    writeFileSync(config, example.replace(/^ {2}region: .*$/m, ''));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['status', 'query'])(
    'datalake %s says what to set and mentions --local',
    async (command) => {
      // Act
      const args =
        command === 'query' ? ['query', '--config', config, 'SELECT 1'] : ['status', '--config', config];
      const result = await datalakeWithoutAws({}, ...args);

      // Assert
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('error: Region is missing');
      expect(result.stderr).toContain(
        `error: No AWS region for \`datalake ${command}\`: set aws.region in ${config}, or AWS_REGION, or pass --region`,
      );
      expect(result.stderr).toContain('AWS_PROFILE');
      expect(result.stderr).toContain(`\`datalake ${command} --local\` needs no AWS account`);
    },
    60_000,
  );
});

describe('datalake status and query without AWS credentials', () => {
  it('query names the region the config gave and what to set', async () => {
    // Act
    const result = await datalakeWithoutAws({}, 'query', 'SELECT 1');

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: No AWS credentials for `datalake query` in eu-west-1 (region from aws.region in',
    );
    expect(result.stderr).toMatch(/Set AWS_PROFILE .*, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(result.stderr).toContain('`datalake query --local` needs no AWS account');
  }, 60_000);

  it('status says AWS_REGION gave the region when it is set', async () => {
    // Act
    const result = await datalakeWithoutAws({ AWS_REGION: 'us-east-2' }, 'status');

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: No AWS credentials for `datalake status` in us-east-2 (region from AWS_REGION)',
    );
    expect(result.stderr).toContain('`datalake status --local` needs no AWS account');
  }, 60_000);
});
