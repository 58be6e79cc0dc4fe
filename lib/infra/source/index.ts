export * from './SourceReplica';
export * from './sourceEngine';
export * from './validateSourceReplicaProps';
