import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate authority made for one test: its certificate and key as PEM files. */
export interface TestCa {
  readonly certFile: string;
  readonly keyFile: string;
}

/** P-256 keys: as good as RSA for the tests and generated in milliseconds. */
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A self-signed CA valid for a day, written to `<dir>/<name>.pem` and `<dir>/<name>.key` with
 * Debian's openssl (installed with PostgreSQL, which depends on it).
 *
 * @example
 * ```ts
 * const ca = createTestCa(dir, 'trusted-ca');
 * ```
 */
export function createTestCa(dir: string, name: string): TestCa {
  const ca = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
  openssl([
    'req',
    '-x509',
    ...NEW_KEY,
    '-keyout',
    ca.keyFile,
    '-out',
    ca.certFile,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return ca;
}

/**
 * A server certificate for `dnsName` signed by `ca`, written as `<dir>/server.crt` and
 * `<dir>/server.key`: the files scripts/services/*.sh serve when DATALAKE_TLS_DIR=`dir`.
 *
 * @example
 * ```ts
 * issueServerCertificate(createTestCa(dir, 'ca'), dir, 'localhost');
 * ```
 */
export function issueServerCertificate(ca: TestCa, dir: string, dnsName: string): void {
  const key = join(dir, 'server.key');
  const request = join(dir, 'server.csr');
  const extensions = join(dir, 'server.ext');
  openssl(['req', '-new', ...NEW_KEY, '-keyout', key, '-out', request, '-subj', `/CN=${dnsName}`]);
  writeFileSync(extensions, `subjectAltName=DNS:${dnsName}\nextendedKeyUsage=serverAuth\n`);
  openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-CAcreateserial',
    '-out',
    join(dir, 'server.crt'),
    '-days',
    '1',
    '-extfile',
    extensions,
  ]);
}
