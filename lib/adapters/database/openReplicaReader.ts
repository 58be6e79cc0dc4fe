import { MysqlReplicaReader } from './MysqlReplicaReader';
import { PostgresReplicaReader } from './PostgresReplicaReader';
import type { ReplicaEndpoint } from './ReplicaEndpoint';
import type { ReplicaReader } from './ReplicaReader';

/**
 * The {@link ReplicaReader} for the endpoint's engine. No session opens until the first query.
 *
 * @example
 * ```ts
 * const reader = openReplicaReader({ engine: 'postgres', host, port: 5432, database, user, password, tls: true, poolSize: 2 });
 * ```
 */
export function openReplicaReader(endpoint: ReplicaEndpoint): ReplicaReader {
  return endpoint.engine === 'mysql' ? new MysqlReplicaReader(endpoint) : new PostgresReplicaReader(endpoint);
}
