import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
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
  CREDENTIALS_SECRET_ARN: SECRET,
  GLUE_DATABASE: 'lake_service',
  AWS_REGION: 'eu-west-1',
};

const glue = mockClient(GlueClient);
const secrets = mockClient(SecretsManagerClient);

/** The handler module, loaded once its env is set (it reads its settings when it loads). */
function loadHandler(): BoundTask<unknown> {
  return (require('../../../lambdas/cdc-plan/handler') as { handler: BoundTask<unknown> }).handler;
}

describe('cdc-plan handler', () => {
  beforeEach(() => {
    glue.reset();
    secrets.reset();
    Object.assign(process.env, ENV);
  });
  afterEach(() => {
    for (const name of Object.keys(ENV)) delete process.env[name];
  });

  it('refuses to load without the Glue database variable, naming it', () => {
    // Arrange
    delete process.env.GLUE_DATABASE;

    // Act / Assert
    expect(() => jest.isolateModules(() => require('../../../lambdas/cdc-plan/handler'))).toThrow(
      /Environment variable GLUE_DATABASE is not set/,
    );
  });

  it('refuses an event without a run id before reading the secret, the replica or Glue', async () => {
    // Act
    const attempt = loadHandler()({ config: {}, source: 'service', table: 'offers' });

    // Assert
    await expect(attempt).rejects.toThrow(/runId/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
    expect(glue).toHaveReceivedCommandTimes(GetTableCommand, 0);
  });
});
