export * from './SnapshotExportRole';
export * from './SourceReplica';
export * from './sourceEngine';
export * from './validateSourceReplicaProps';
