import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DataLakeError } from '../../core/errors';
import type { SecretReader } from './SecretReader';

/**
 * {@link SecretReader} on AWS Secrets Manager with an injected SDK v3 client. Each secret is
 * fetched once and kept for the life of the reader: build the reader at module scope and a
 * Lambda container asks Secrets Manager once, not once per invocation. A failed fetch is not
 * kept, so the next call retries.
 *
 * @example
 * ```ts
 * const secrets = new SecretsManagerSecretReader(new SecretsManagerClient({}));
 * const salt = await secrets.getSecretString(requiredEnv('SALT_SECRET_ARN'));
 * ```
 */
export class SecretsManagerSecretReader implements SecretReader {
  private readonly cache = new Map<string, Promise<string>>();

  public constructor(private readonly client: SecretsManagerClient) {}

  public getSecretString(secretId: string): Promise<string> {
    let value = this.cache.get(secretId);
    if (value === undefined) {
      value = this.fetch(secretId);
      this.cache.set(secretId, value);
      value.catch(() => this.cache.delete(secretId));
    }
    return value;
  }

  private async fetch(secretId: string): Promise<string> {
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (result.SecretString === undefined) {
      throw new DataLakeError(
        `Secret ${secretId} has no string value (received a binary secret); allowed: a secret stored as text`,
      );
    }
    return result.SecretString;
  }
}
