import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

type Handler = (event: unknown) => Promise<unknown>;

const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf';
const plan = tablePlan([
  plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
]);
const event = {
  plan,
  chunk: { index: 0, bounds: { kind: 'range', column: 'id', from: '1', to: '10' } },
  curatedBucket: 'curated',
  replica: {
    engine: 'mysql',
    host: '127.0.0.1',
    port: 1,
    database: 'marketplace',
    credentialsSecretArn: DB_ARN,
  },
};

mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);

function loadHandler(): Handler {
  return (require('../../../lambdas/extract/handler') as { handler: Handler }).handler;
}

describe('extract handler', () => {
  beforeEach(() => {
    secrets.reset();
    process.env.MASKING_SALT_SECRET_ARN = SALT_ARN;
    process.env.AWS_REGION = 'eu-west-1';
  });
  afterEach(() => {
    delete process.env.MASKING_SALT_SECRET_ARN;
    delete process.env.AWS_REGION;
  });

  it('refuses to load without the salt secret variable, naming it', () => {
    // Arrange
    delete process.env.MASKING_SALT_SECRET_ARN;

    // Act / Assert
    expect(loadHandler).toThrow(/Environment variable MASKING_SALT_SECRET_ARN is not set/);
  });

  it('rejects an event whose chunk has unknown bounds before touching anything', async () => {
    // Act
    const attempt = loadHandler()({ ...event, chunk: { index: 0, bounds: { kind: 'everything' } } });

    // Assert
    await expect(attempt).rejects.toThrow(/bounds/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('reads the database secret and refuses credentials without a username, never printing them', async () => {
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
