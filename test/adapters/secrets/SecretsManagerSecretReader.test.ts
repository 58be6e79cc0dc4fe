import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SecretsManagerSecretReader } from '../../../lib/adapters/secrets';
import { DataLakeError } from '../../../lib/core/errors';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';

describe('SecretsManagerSecretReader', () => {
  const secrets = mockClient(SecretsManagerClient);
  const newReader = () => new SecretsManagerSecretReader(new SecretsManagerClient({ region: 'eu-west-1' }));

  beforeEach(() => secrets.reset());

  it('returns the secret string, asking Secrets Manager for exactly that secret', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 's4lt' });

    // Act
    const value = await newReader().getSecretString(ARN);

    // Assert
    expect(value).toBe('s4lt');
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ARN });
  });

  it('asks once per secret for the life of the reader, even for concurrent calls', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 's4lt' });
    const reader = newReader();

    // Act
    const values = await Promise.all([reader.getSecretString(ARN), reader.getSecretString(ARN)]);
    const later = await reader.getSecretString(ARN);

    // Assert
    expect([...values, later]).toEqual(['s4lt', 's4lt', 's4lt']);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('does not keep a failure: the next call asks again', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 's4lt' });
    const reader = newReader();

    // Act
    const first = reader.getSecretString(ARN);
    await expect(first).rejects.toThrow('throttled');
    const second = await reader.getSecretString(ARN);

    // Assert
    expect(second).toBe('s4lt');
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('refuses a binary secret, naming it', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });

    // Act
    const act = newReader().getSecretString(ARN);

    // Assert
    await expect(act).rejects.toThrow(DataLakeError);
    await expect(newReader().getSecretString(ARN)).rejects.toThrow(
      `Secret ${ARN} has no string value (received a binary secret)`,
    );
  });
});
