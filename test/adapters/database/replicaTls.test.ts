import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ReplicaEndpoint } from '../../../lib/adapters/database';
import { DataLakeError } from '../../../lib/core/errors';
import type { SourceEngine } from '../../../lib/core/types';
import { runServiceScript } from '../../helpers/databases';
import type { ProbeResult } from '../../helpers/replicaTlsProbe';
import { createTestCa, issueServerCertificate, type TestCa } from '../../helpers/testCertificates';

const REPO = resolve(__dirname, '../../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const PROBE = join(REPO, 'test/helpers/replicaTlsProbe.ts');
const ENGINES: readonly SourceEngine[] = ['mysql', 'postgres'];
/** Starting two servers (init included) takes 3 s here; leave room for a loaded machine. */
const SERVERS_TIMEOUT_MS = 120_000;

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * A MariaDB and a PostgreSQL server of this test's own (not the shared ones), started by
 * scripts/services with DATALAKE_TLS_DIR: TLS with the certificate in `tlsDir`, plain TCP refused.
 */
class TlsServers {
  private readonly env: Record<string, string>;

  public constructor(servicesDir: string, tlsDir: string, mariadbPort: number, postgresPort: number) {
    this.env = {
      DATALAKE_SERVICES_DIR: servicesDir,
      DATALAKE_TLS_DIR: tlsDir,
      DATALAKE_MARIADB_PORT: String(mariadbPort),
      DATALAKE_POSTGRES_PORT: String(postgresPort),
    };
  }

  public start(): void {
    this.run('start');
  }

  public stop(): void {
    this.run('stop');
  }

  /** Where the replica functions would connect: `host` and the script's port, database and login. */
  public endpoint(engine: SourceEngine, host: string): Omit<ReplicaEndpoint, 'tls'> {
    const url = new URL(
      runServiceScript(engine === 'mysql' ? 'mariadb' : 'postgres', 'url', this.env).stdout,
    );
    return {
      engine,
      host,
      port: Number(url.port),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  }

  private run(command: 'start' | 'stop'): void {
    const { status, stdout, stderr } = runServiceScript('databases', command, this.env);
    if (status !== 0)
      throw new DataLakeError(`databases.sh ${command} exited with ${status}:\n${stderr}${stdout}`);
  }
}

/**
 * Connects to both servers by `host` from a fresh Node process, as the Lambdas do, with
 * NODE_EXTRA_CA_CERTS set to `extraCa` (unset when `undefined`); returns the results by engine.
 */
async function probe(
  servers: TlsServers,
  host: string,
  extraCa: TestCa | undefined,
): Promise<Record<SourceEngine, ProbeResult>> {
  const { NODE_EXTRA_CA_CERTS: _inherited, ...env } = process.env;
  const endpoints = ENGINES.map((engine) => servers.endpoint(engine, host));
  const { stdout } = await promisify(execFile)(TSX, [PROBE, JSON.stringify(endpoints)], {
    cwd: REPO,
    env: extraCa === undefined ? env : { ...env, NODE_EXTRA_CA_CERTS: extraCa.certFile },
  });
  const [mysql, postgres] = JSON.parse(stdout) as ProbeResult[];
  return { mysql: mysql ?? fail('no MariaDB result'), postgres: postgres ?? fail('no PostgreSQL result') };
}

describe('TLS to the replicas: the extract verifies the server against the CAs NODE_EXTRA_CA_CERTS adds (MariaDB with mysql2, PostgreSQL with pg and pg-copy-streams)', () => {
  let dir: string;
  let tlsDir: string;
  let trustedCa: TestCa;
  let otherCa: TestCa;
  let servers: TlsServers;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'datalake-tls-'));
    // The servers run as mysql and postgres, which must reach their folders inside.
    chmodSync(dir, 0o755);
    tlsDir = join(dir, 'tls');
    mkdirSync(tlsDir);
    trustedCa = createTestCa(tlsDir, 'trusted-ca');
    otherCa = createTestCa(tlsDir, 'other-ca');
    issueServerCertificate(trustedCa, tlsDir, 'localhost');
    servers = new TlsServers(join(dir, 'services'), tlsDir, await freePort(), await freePort());
    servers.start();
  }, SERVERS_TIMEOUT_MS);

  afterAll(() => {
    servers?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, SERVERS_TIMEOUT_MS);

  it('connects to servers whose certificate the trusted CA signed, and reads and streams a chunk over TLS', async () => {
    // Act
    const results = await probe(servers, 'localhost', trustedCa);

    // Assert
    expect(results).toEqual({
      mysql: { ok: true, tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/), rows: 1000 },
      postgres: { ok: true, tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/), rows: 1000 },
    });
  });

  it('refuses servers whose certificate a CA it does not trust signed (a second CA in NODE_EXTRA_CA_CERTS)', async () => {
    // Act
    const results = await probe(servers, 'localhost', otherCa);

    // Assert
    const refused = { ok: false, code: expect.anything(), message: 'unable to verify the first certificate' };
    expect(results).toEqual({ mysql: refused, postgres: refused });
  });

  it('refuses them without NODE_EXTRA_CA_CERTS: the case of a Lambda on Node.js 20+ that is not told to load the RDS CAs', async () => {
    // Act
    const results = await probe(servers, 'localhost', undefined);

    // Assert
    const refused = { ok: false, code: expect.anything(), message: 'unable to verify the first certificate' };
    expect(results).toEqual({ mysql: refused, postgres: refused });
  });

  it(
    'refuses a certificate from the trusted CA issued for another host than the one it connects to',
    async () => {
      // Arrange: the same CA, a certificate for another name; the servers read it at start.
      servers.stop();
      issueServerCertificate(trustedCa, tlsDir, 'replica.datalake.test');
      servers.start();

      // Act
      const results = await probe(servers, 'localhost', trustedCa);

      // Assert
      const refused = {
        ok: false,
        code: expect.anything(),
        message:
          "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:replica.datalake.test",
      };
      expect(results).toEqual({ mysql: refused, postgres: refused });
    },
    SERVERS_TIMEOUT_MS,
  );
});
