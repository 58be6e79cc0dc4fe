export { CdcApplyPipeline, type CdcApplyPipelineProps } from './CdcApplyPipeline';
export { CdcReplication, type CdcReplicationProps } from './CdcReplication';
export { dmsReplicationSettings } from './dmsReplicationSettings';
export { CDC_MAX_BATCH_SECONDS, dmsS3Settings } from './dmsS3Settings';
export { type CapturedTable, dmsTableMappings, exactLocatorName } from './dmsTableMappings';
