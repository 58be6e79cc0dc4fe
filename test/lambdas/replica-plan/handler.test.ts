import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { BoundTask } from '../../../lib/tasks/Task';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf';
const ENV = {
  REPLICA_ENGINE: 'mysql',
  REPLICA_HOSTS: '127.0.0.1',
  REPLICA_PORT: '3306',
  REPLICA_DATABASE: 'marketplace',
  REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
  REPLICA_STATEMENT_TIMEOUT_SECONDS: '540',
  REPLICA_IDLE_TIMEOUT_SECONDS: '120',
  REPLICA_UNMEASURED_LAG: 'fail',
  CREDENTIALS_SECRET_ARN: SECRET,
  GLUE_DATABASE: 'lake_service',
  CURATED_BUCKET: 'curated',
  REPLICA_RUNS_BUCKET: 'raw',
  AWS_REGION: 'eu-west-1',
};

mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);

/** The handler module, loaded once its env is set (it reads its settings when it loads). */
function loadHandler(): BoundTask<unknown> {
  return (require('../../../lambdas/replica-plan/handler') as { handler: BoundTask<unknown> }).handler;
}

/** Loads a fresh copy of the handler module, as a new Lambda container would. */
function loadFresh(): void {
  jest.isolateModules(() => require('../../../lambdas/replica-plan/handler'));
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
    expect(loadFresh).toThrow(/Environment variable REPLICA_HOSTS is not set/);
  });

  it('refuses to load with an engine that is neither mysql nor postgres (it used to read it as mysql)', () => {
    // Arrange
    process.env.REPLICA_ENGINE = 'postgresql';

    // Act / Assert
    expect(loadFresh).toThrow(
      'Environment variable REPLICA_ENGINE is "postgresql"; allowed: mysql or postgres',
    );
  });

  it('refuses to load with a port that is no port number (it used to pass Number(...) on)', () => {
    // Arrange
    process.env.REPLICA_PORT = '3306/tcp';

    // Act / Assert
    expect(loadFresh).toThrow(
      'Environment variable REPLICA_PORT is "3306/tcp"; allowed: a port number from 1 to 65535',
    );
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
    });

    // Assert
    await expect(attempt).rejects.toThrow(/runId/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('logs in to each replica with the credentials secret of its settings, never printing them', async () => {
    // Arrange
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET })
      .resolves({ SecretString: JSON.stringify({ password: 'hunter2' }) });

    // Act
    const attempt = loadHandler()({ step: 'lag', source: 'service', maxLagSeconds: 60 });

    // Assert
    await expect(attempt).rejects.toThrow(
      `Secret ${SECRET} has keys [password]; allowed: a non-empty string "username" and a string "password"`,
    );
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET });
  });
});
