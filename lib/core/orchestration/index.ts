export { exportTaskId, exportTaskPrefix } from './exportTaskPrefix';
export { type PartListItem, partList, partListKey, partListKeyPattern } from './partListKey';
export type { SnapshotPipelineInput } from './SnapshotPipelineInput';
export { snapshotPools } from './snapshotPools';
