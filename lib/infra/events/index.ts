export * from './EventArchive';
export * from './EventRelay';
export * from './EventStream';
export * from './KafkaCluster';
export * from './kafkaResourceArn';
