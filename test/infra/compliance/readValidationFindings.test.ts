import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { formatFindings } from '../../../lib/infra/compliance/readValidationFindings';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

describe('compliance checks', () => {
  it('reports every unacknowledged cdk-nag finding with its construct path', () => {
    // Arrange: a bucket with neither access logs nor a TLS-only policy
    const app = testApp();
    new s3.Bucket(new Stack(app, 'Nag', { env: TEST_ENV }), 'Plain');

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([
      'AwsSolutions-S1 at Nag/Plain/Resource',
      'AwsSolutions-S10 at Nag/Plain/Resource',
    ]);
    expect(formatFindings(findings)).toMatch(
      /^ERROR AwsSolutions-S1 at Nag\/Plain\/Resource: The S3 Bucket has server access logs disabled/,
    );
  });

  it('passes a finding acknowledged with a reason on the construct', () => {
    // Arrange
    const app = testApp();
    const bucket = new s3.Bucket(new Stack(app, 'Nag', { env: TEST_ENV }), 'Plain', { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test bucket, nothing to audit' });

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(findings).toEqual([]);
  });
});
