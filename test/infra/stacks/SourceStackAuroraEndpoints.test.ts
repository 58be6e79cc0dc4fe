import { Template } from 'aws-cdk-lib/assertions';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { SourceStack } from '../../../lib/infra/stacks/SourceStack';
import { parsedConfig, validSource } from '../../helpers/configFactory';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** The source stack of an Aurora source `service_events` (an underscore, which endpoint ids refuse) in lake `testlake`. */
function auroraSourceStack(): SourceStack {
  const config = parsedConfig({
    sources: [
      validSource({
        name: 'service_events',
        primary: { clusterIdentifier: 'prod-cluster', securityGroupId: 'sg-0123456789abcdef0' },
      }),
    ],
  });
  const app = testApp();
  const foundation = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config });
  const source = config.sources[0] ?? fail('no source');
  return new SourceStack(app, 'Source', { env: TEST_ENV, config, source, foundation });
}

describe('SourceStack of an Aurora source', () => {
  it('names the custom endpoints after the lake and source, so they are unique in the region', () => {
    // Act
    const template = Template.fromStack(auroraSourceStack());

    // Assert
    const ids = Object.values(template.findResources('AWS::RDS::DBClusterEndpoint')).map(
      (resource) => resource.Properties.DBClusterEndpointIdentifier,
    );
    expect(ids).toEqual(['testlake-service-events-analytics', 'testlake-service-events-product']);
  });

  it('outputs the analytics endpoint and the product endpoint to point the product at', () => {
    // Act
    const stack = auroraSourceStack();

    // Assert
    const template = Template.fromStack(stack);
    const logicalId = (endpoint: rds.CfnDBClusterEndpoint | undefined) =>
      stack.getLogicalId(endpoint ?? fail('no endpoint'));
    template.hasOutput('AnalyticsEndpoint', {
      Value: { 'Fn::GetAtt': [logicalId(stack.replica.analyticsEndpoint), 'Endpoint'] },
    });
    template.hasOutput('ProductEndpoint', {
      Value: { 'Fn::GetAtt': [logicalId(stack.replica.productEndpoint), 'Endpoint'] },
    });
  });
});
