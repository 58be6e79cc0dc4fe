import type { ReplicaTimeouts } from '../../core/extract';
import type { SourceEngine } from '../../core/types';

/** Where the read replica is and how to log in. */
export interface ReplicaEndpoint {
  readonly engine: SourceEngine;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /**
   * `true`: TLS, the server's certificate verified against Node's trusted store and its name
   * against `host`. The store is Node's own CAs plus the file `NODE_EXTRA_CA_CERTS` names when
   * the process starts: on Lambda the runtime's bundle of Amazon CAs, RDS's among them (the
   * replica functions set it). `false`: plain TCP, for local mode's servers and PGlite only.
   */
  readonly tls: boolean;
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
  /**
   * How long a session may take to open, a statement to run, and a chunk's stream to stay silent;
   * past each the statement fails with a ReplicaSessionError naming `host` and the session is
   * destroyed. Fractions of a second are allowed here (tests); the config takes whole seconds.
   *
   * @default DEFAULT_REPLICA_TIMEOUTS (10 s, 540 s, 120 s)
   */
  readonly timeouts?: ReplicaTimeouts;
}
