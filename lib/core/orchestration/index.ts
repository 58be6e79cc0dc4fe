export { type PartListItem, partList, partListKey, partListKeyPattern } from './partListKey';
export { type PlanReplicaRunDeps, planReplicaRun, type ReplicaWatermark } from './planReplicaRun';
export type {
  ReplicaChunkItem,
  ReplicaChunkWork,
  ReplicaPoolChunks,
  ReplicaRunManifest,
  ReplicaRunPlan,
  ReplicaTableItem,
  WindowClaim,
} from './ReplicaRunPlan';
export { replicaPools } from './replicaPools';
export { replicaRunFiles, type StoredJson } from './replicaRunFiles';
export { replicaMapResultsPrefix, replicaRunKeyPattern, replicaRunKeys } from './replicaRunKeys';
export { replicaTables } from './replicaTables';
export type { SnapshotPipelineInput } from './SnapshotPipelineInput';
export { snapshotPools } from './snapshotPools';
export { TABLES_FAILED_ERROR } from './TABLES_FAILED_ERROR';
