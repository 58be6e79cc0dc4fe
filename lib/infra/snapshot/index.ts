export * from './exportStates';
export * from './poolBranch';
export * from './SnapshotExportRole';
export * from './SnapshotPipeline';
export * from './snapshotCreatedPattern';
