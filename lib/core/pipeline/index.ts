export {
  encodePartitionValue,
  manifestKey,
  manifestPrefix,
  partFileName,
  partitionPath,
  runPartitionPrefix,
  tablePrefix,
} from './curatedLayout';
export type { PartResult, WrittenColumn, WrittenFile } from './PartResult';
export { RUN_PARTITION_KEY } from './plan/RUN_PARTITION_KEY';
export { type PlanTableInput, planTable } from './planTable';
export { MAX_LISTED_PART_KEYS, type PlannedTableWork, type RunPlan, type TableParts } from './RunPlan';
export { assertRunId, RUN_ID_PATTERN, runIdAt } from './runId';
export type {
  PlannedColumn,
  PlannedMask,
  PlannedPartitionKey,
  PlannedWindow,
  TablePlan,
} from './TablePlan';
