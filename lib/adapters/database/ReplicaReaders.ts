import type { ReplicaReader } from './ReplicaReader';

/**
 * Readers on a source's read replicas, by host: {@link SecretReplicaReaders} logs in with the
 * credentials secret over TLS in AWS; local mode reads its one source database for every host.
 */
export interface ReplicaReaders {
  /**
   * Runs `use` with a reader on the replica at `host`. How long the reader's sessions live is the
   * implementation's business: `use` must not close it.
   */
  withReader<T>(host: string, use: (reader: ReplicaReader) => Promise<T>): Promise<T>;
}
