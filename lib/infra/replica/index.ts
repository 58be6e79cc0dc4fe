export * from './grantWatermarks';
export * from './ReplicaPipeline';
export * from './replicaChunkBranch';
export * from './replicaCommitStates';
export * from './replicaConnectionRetry';
export * from './replicaPlanStates';
