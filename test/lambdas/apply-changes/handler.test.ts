import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { BoundTask } from '../../../lib/tasks/Task';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const SALT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf';
const ENV = {
  RAW_BUCKET: 'raw',
  CDC_PREFIX: 'cdc/shop/',
  CURATED_BUCKET: 'curated',
  MASKING_SALT_SECRET_ARN: SALT_ARN,
  AWS_REGION: 'eu-west-1',
};
const plan = tablePlan(
  [plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' })],
  { source: 'shop', schema: 'shop', table: 'items', mode: 'cdc', primaryKey: ['id'] },
);

const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);

/** The handler module, loaded once its env is set (it reads its settings when it loads). */
function loadHandler(): BoundTask<unknown> {
  return (require('../../../lambdas/apply-changes/handler') as { handler: BoundTask<unknown> }).handler;
}

describe('apply-changes handler', () => {
  beforeEach(() => {
    s3.reset();
    secrets.reset();
    Object.assign(process.env, ENV);
  });
  afterEach(() => {
    for (const name of Object.keys(ENV)) delete process.env[name];
  });

  it('refuses to load without the DMS prefix variable, naming it', () => {
    // Arrange
    delete process.env.CDC_PREFIX;

    // Act / Assert
    expect(() => jest.isolateModules(() => require('../../../lambdas/apply-changes/handler'))).toThrow(
      /Environment variable CDC_PREFIX is not set/,
    );
  });

  it('refuses a plan that is not a cdc plan before any AWS call', async () => {
    // Act
    const attempt = loadHandler()({ plan: { ...plan, mode: 'snapshot-export' } });

    // Assert
    await expect(attempt).rejects.toThrow(/mode cdc/);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 0);
  });

  it("reads the salt of its settings and lists the table's own DMS folder; nothing there: nothing applied", async () => {
    // Arrange
    secrets.on(GetSecretValueCommand, { SecretId: SALT_ARN }).resolves({ SecretString: 'salt' });
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });

    // Act
    const summary = await loadHandler()({ plan });

    // Assert
    expect(summary).toEqual({ applied: false });
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SALT_ARN });
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: 'raw',
      Prefix: 'cdc/shop/shop/items/',
    });
  });
});
