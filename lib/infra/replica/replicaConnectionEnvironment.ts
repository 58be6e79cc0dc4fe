import type { SourceConfig } from '../../config';
import type { SourceReplica } from '../source/SourceReplica';
import { RDS_CA_TRUST_ENVIRONMENT } from './RDS_CA_TRUST_ENVIRONMENT';

/**
 * The environment of a function that reads the source's read replica — how to reach it but its
 * host, and how long to wait on it (`replicaConnectionSettings` parses these keys) — with the RDS
 * CAs trusted the way Lambda's Node.js runtime loads them.
 *
 * @example
 * ```ts
 * pipelineFunction(this, 'ListTables', { ..., environment: { ...replicaConnectionEnvironment(source, replica), REPLICA_HOST: host } });
 * ```
 */
export function replicaConnectionEnvironment(source: SourceConfig, replica: SourceReplica) {
  return {
    ...RDS_CA_TRUST_ENVIRONMENT,
    REPLICA_ENGINE: source.engine,
    REPLICA_PORT: String(replica.port),
    REPLICA_DATABASE: source.database,
    CREDENTIALS_SECRET_ARN: source.credentialsSecretArn,
    REPLICA_CONNECT_TIMEOUT_SECONDS: String(source.timeouts.connectSeconds),
    REPLICA_STATEMENT_TIMEOUT_SECONDS: String(source.timeouts.statementSeconds),
    REPLICA_IDLE_TIMEOUT_SECONDS: String(source.timeouts.idleSeconds),
  };
}
