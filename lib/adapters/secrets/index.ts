export type { SecretReader } from './SecretReader';
export { SecretsManagerSecretReader } from './SecretsManagerSecretReader';
