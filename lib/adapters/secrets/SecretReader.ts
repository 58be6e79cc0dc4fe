/**
 * Reads secrets: Secrets Manager in AWS ({@link SecretsManagerSecretReader}), a fixed value in
 * local mode. The transform reads the mask salt through it.
 */
export interface SecretReader {
  /**
   * The secret's string value.
   *
   * @param secretId the secret's ARN or name
   */
  getSecretString(secretId: string): Promise<string>;
}
