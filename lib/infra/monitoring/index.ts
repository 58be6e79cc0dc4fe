export { type AlertSlackChannel, AlertTopic, type AlertTopicProps } from './AlertTopic';
export { ArchiveErrorNotification, type ArchiveErrorNotificationProps } from './ArchiveErrorNotification';
export {
  DataLakeMonitoring,
  type DataLakeMonitoringProps,
  type FreshnessMonitoringProps,
  type PipelineMonitoringProps,
  type ReplicaLagMonitoringProps,
  type StreamMonitoringProps,
} from './DataLakeMonitoring';
export { firehoseDeliveryMetric } from './firehoseDeliveryMetric';
export { tableMetric } from './lakeMetric';
export { type ReplicaKind, replicaLagSecondsMetric } from './replicaLagMetric';
