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
export { assertRunId, RUN_ID_PATTERN, runIdAt } from './runId';
export type { PlannedColumn, PlannedMask, PlannedPartitionKey, TablePlan } from './TablePlan';
