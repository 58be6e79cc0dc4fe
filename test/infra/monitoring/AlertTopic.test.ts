import { Match, Template } from 'aws-cdk-lib/assertions';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { parsedConfig } from '../../helpers/configFactory';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function foundationTemplate(alerts = {}): Template {
  const lake = createDataLake(testApp(), parsedConfig({ alerts }), TEST_ENV);
  return Template.fromStack(lake.foundation);
}

describe('AlertTopic in the foundation stack', () => {
  const alerts = {
    email: ['oncall@example.com'],
    httpsEndpoints: ['https://alerts.example.com/hook'],
    slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' },
  };
  const template = foundationTemplate(alerts);

  it('is one topic per lake, encrypted with the operations key', () => {
    // Assert
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const keys = template.findResources('AWS::KMS::Key', {
      Properties: { Description: Match.stringLikeRegexp('^Encrypts operations data') },
    });
    expect(Object.keys(keys)).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'testlake-alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [Object.keys(keys)[0], 'Arn'] },
    });
  });

  // SNS Developer Guide, "Enable compatibility between event sources from AWS services and
  // encrypted topics": the key policy must let the publishing service principal use the key.
  it('lets CloudWatch alarms and EventBridge use the operations key to publish', () => {
    // Assert
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('^Encrypts operations data'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('refuses publishing without TLS', () => {
    // Assert
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('subscribes the configured email, HTTPS endpoint and Slack channel', () => {
    // Assert
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://alerts.example.com/hook',
    });
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T07EA123LEP',
      SlackChannelId: 'C07EZ1ABC23',
      SnsTopicArns: [Match.anyValue()],
    });
  });

  it('has no subscription when the config names none', () => {
    // Act
    const bare = foundationTemplate();

    // Assert
    bare.resourceCountIs('AWS::SNS::Topic', 1);
    bare.resourceCountIs('AWS::SNS::Subscription', 0);
    bare.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
  });
});
