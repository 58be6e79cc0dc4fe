import type { SourceEngine } from '../../core/types';

/**
 * TLS to the replica. RDS presents certificates signed by the RDS CAs: give their bundle
 * (`global-bundle.pem` from the RDS documentation, shipped with the function) as `ca`, or leave
 * it out to verify against Node's store (plus `NODE_EXTRA_CA_CERTS`). The certificate is always
 * verified.
 */
export interface ReplicaTls {
  /** PEM CA certificates. @default - Node's trusted store */
  readonly ca?: string;
}

/** Where the read replica is and how to log in. */
export interface ReplicaEndpoint {
  readonly engine: SourceEngine;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** TLS settings, or `false` for a plain connection (local test servers only). */
  readonly tls: ReplicaTls | false;
  /**
   * Most sessions the reader opens at once: the table's pool size, so a run never holds more
   * sessions on the source than its pool allows.
   *
   * @default 1
   */
  readonly poolSize?: number;
  /**
   * PostgreSQL `application_name` of the sessions, visible in `pg_stat_activity`.
   *
   * @default 'datalake-extract'
   */
  readonly applicationName?: string;
}
