export { exportTaskId, exportTaskPrefix } from './exportTaskPrefix';
export type { SnapshotPipelineInput } from './SnapshotPipelineInput';
export { snapshotPools } from './snapshotPools';
