export * from './acknowledgeTaskWildcards';
export * from './exportStates';
export * from './pipelineFunction';
export * from './poolBranch';
export * from './runStartStates';
export * from './SnapshotPipeline';
export * from './snapshotCreatedPattern';
export * from './transientRetry';
