import type { ReplicaTimeouts } from '../../core/extract';
import type { SourceEngine } from '../../core/types';
import type { SecretReader } from '../secrets';
import { databaseCredentials } from './databaseCredentials';
import { openReplicaReader } from './openReplicaReader';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import type { ReplicaReader } from './ReplicaReader';
import type { ReplicaReaders } from './ReplicaReaders';

/** Props of {@link SecretReplicaReaders}. */
export interface SecretReplicaReadersProps {
  readonly secrets: SecretReader;
  /** The secret holding the read-only user's `username` and `password`. */
  readonly credentialsSecretArn: string;
  readonly engine: SourceEngine;
  readonly port: number;
  readonly database: string;
  /**
   * The sessions' connect, statement and idle timeouts (the function's `REPLICA_*_TIMEOUT_SECONDS`).
   *
   * @default - the reader's defaults (DEFAULT_REPLICA_TIMEOUTS)
   */
  readonly timeouts?: ReplicaTimeouts;
  /**
   * `true`: one reader per host, opened on first use and kept for the life of this object (a
   * Lambda container's), a failed open forgotten so the next use retries; `false`: a reader opened
   * and closed around each use.
   *
   * @default false
   */
  readonly keepOpen?: boolean;
  /**
   * Opens a reader on an endpoint.
   *
   * @default openReplicaReader
   */
  readonly open?: (endpoint: ReplicaEndpoint) => ReplicaReader;
}

/**
 * {@link ReplicaReaders} on the source's replicas in AWS: logs in with the credentials secret
 * (read through `secrets`, which caches it) over TLS, one session per reader. The server's
 * certificate is verified against Node's store, to which the replica functions' `NODE_EXTRA_CA_CERTS`
 * adds the RDS CAs.
 *
 * @example
 * ```ts
 * const replicas = new SecretReplicaReaders({ secrets, credentialsSecretArn, engine: 'mysql', port: 3306, database: 'marketplace' });
 * const lag = await replicas.withReader('replica-1.example', (reader) => checkReplicaLag(check, { reader }));
 * ```
 */
export class SecretReplicaReaders implements ReplicaReaders {
  private readonly open = new Map<string, Promise<ReplicaReader>>();

  public constructor(private readonly props: SecretReplicaReadersProps) {}

  public async withReader<T>(host: string, use: (reader: ReplicaReader) => Promise<T>): Promise<T> {
    if (this.props.keepOpen) return use(await this.keptReader(host));
    const reader = await this.openReader(host);
    try {
      return await use(reader);
    } finally {
      await reader.close();
    }
  }

  private keptReader(host: string): Promise<ReplicaReader> {
    let reader = this.open.get(host);
    if (reader === undefined) {
      reader = this.openReader(host);
      this.open.set(host, reader);
      reader.catch(() => this.open.delete(host));
    }
    return reader;
  }

  private async openReader(host: string): Promise<ReplicaReader> {
    const {
      secrets,
      credentialsSecretArn,
      engine,
      port,
      database,
      timeouts,
      open = openReplicaReader,
    } = this.props;
    const { username: user, password } = await databaseCredentials(secrets, credentialsSecretArn);
    return open({
      engine,
      host,
      port,
      database,
      user,
      password,
      tls: true,
      poolSize: 1,
      ...(timeouts === undefined ? {} : { timeouts }),
    });
  }
}
