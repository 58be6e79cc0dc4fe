export type { EventProducer } from './EventProducer';
export { KafkajsEventProducer, type KafkajsEventProducerOptions } from './KafkajsEventProducer';
export { type KafkaAuth, type KafkaClientOptions, kafkaClient } from './kafkaClient';
export { lambdaRoleCredentials } from './lambdaRoleCredentials';
export {
  type MskIamToken,
  type MskIamTokenProviderOptions,
  mskIamTokenProvider,
} from './mskIamTokenProvider';
export { type AwsCredentials, type MskIamTokenRequest, signMskIamToken } from './signMskIamToken';
