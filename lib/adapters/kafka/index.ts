export { type KafkaAuth, type KafkaClientOptions, kafkaClient } from './kafkaClient';
export {
  type MskIamToken,
  type MskIamTokenProviderOptions,
  mskIamTokenProvider,
} from './mskIamTokenProvider';
