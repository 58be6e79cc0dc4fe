import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { BoundTask } from '../../../lib/tasks/Task';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf';
const ENV = {
  REPLICA_ENGINE: 'mysql',
  REPLICA_PORT: '3306',
  REPLICA_DATABASE: 'marketplace',
  REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
  REPLICA_STATEMENT_TIMEOUT_SECONDS: '540',
  REPLICA_IDLE_TIMEOUT_SECONDS: '120',
  CREDENTIALS_SECRET_ARN: DB_ARN,
  MASKING_SALT_SECRET_ARN: SALT_ARN,
  CURATED_BUCKET: 'curated',
  POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
  AWS_REGION: 'eu-west-1',
};
const plan = tablePlan([
  plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
]);
/** One item of a pool's stored chunk list: the replica's host is the only connection detail it carries. */
const event = {
  plan,
  chunk: { index: 0, bounds: { kind: 'range', column: 'id', from: '1', to: '10' } },
  host: '127.0.0.1',
};

mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);

/** The handler module, loaded once its env is set (it reads its settings when it loads). */
function loadHandler(): BoundTask<unknown> {
  return (require('../../../lambdas/extract/handler') as { handler: BoundTask<unknown> }).handler;
}

describe('extract handler', () => {
  beforeEach(() => {
    secrets.reset();
    Object.assign(process.env, ENV);
  });
  afterEach(() => {
    for (const name of Object.keys(ENV)) delete process.env[name];
  });

  it('refuses to load without the salt secret variable, naming it', () => {
    // Arrange
    delete process.env.MASKING_SALT_SECRET_ARN;

    // Act / Assert
    expect(() => jest.isolateModules(() => require('../../../lambdas/extract/handler'))).toThrow(
      /Environment variable MASKING_SALT_SECRET_ARN is not set/,
    );
  });

  it('rejects an event whose chunk has unknown bounds before touching anything', async () => {
    // Act
    const attempt = loadHandler()({ ...event, chunk: { index: 0, bounds: { kind: 'everything' } } });

    // Assert
    await expect(attempt).rejects.toThrow(/bounds/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('reads the database secret of its settings and refuses credentials without a username, never printing them', async () => {
    // Arrange
    secrets
      .on(GetSecretValueCommand, { SecretId: DB_ARN })
      .resolves({ SecretString: JSON.stringify({ password: 'hunter2' }) });

    // Act
    const attempt = loadHandler()(event);

    // Assert
    await expect(attempt).rejects.toThrow(
      `Secret ${DB_ARN} has keys [password]; allowed: a non-empty string "username" and a string "password"`,
    );
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: DB_ARN });
  });
});
