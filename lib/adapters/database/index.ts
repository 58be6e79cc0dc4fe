export { type DatabaseCredentials, databaseCredentials } from './databaseCredentials';
export { MysqlReplicaReader } from './MysqlReplicaReader';
export { openReplicaReader } from './openReplicaReader';
export { PostgresReplicaReader } from './PostgresReplicaReader';
export type { ReplicaEndpoint } from './ReplicaEndpoint';
export type { CopyToCsvOptions, ReplicaReader, SourceColumn, TextRow } from './ReplicaReader';
