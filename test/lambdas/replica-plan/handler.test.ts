import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';

type Handler = (event: unknown) => Promise<unknown>;

const ENV = {
  REPLICA_ENGINE: 'mysql',
  REPLICA_HOSTS: '127.0.0.1',
  REPLICA_PORT: '1',
  REPLICA_DATABASE: 'marketplace',
  CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
  GLUE_DATABASE: 'lake_service',
  CURATED_BUCKET: 'curated',
  AWS_REGION: 'eu-west-1',
};

mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);

function loadHandler(): Handler {
  return (require('../../../lambdas/replica-plan/handler') as { handler: Handler }).handler;
}

describe('replica-plan handler', () => {
  beforeEach(() => {
    secrets.reset();
    Object.assign(process.env, ENV);
  });
  afterEach(() => {
    for (const name of Object.keys(ENV)) delete process.env[name];
  });

  it('refuses to load without the replica host variable, naming it', () => {
    // Arrange
    delete process.env.REPLICA_HOSTS;

    // Act / Assert
    expect(loadHandler).toThrow(/Environment variable REPLICA_HOSTS is not set/);
  });

  it('rejects an unknown step before reading the credentials', async () => {
    // Act
    const attempt = loadHandler()({ step: 'extract', source: 'service' });

    // Assert
    await expect(attempt).rejects.toThrow(/step/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('rejects a plan step whose run id is not a run id, naming the field', async () => {
    // Act
    const attempt = loadHandler()({
      step: 'plan',
      config: {},
      source: 'service',
      runId: 'yesterday',
      runStart: '2026-11-23T04:00:00.000Z',
      runBucket: 'raw',
    });

    // Assert
    await expect(attempt).rejects.toThrow(/runId/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });
});
