import { type App, Duration, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { InvalidPropsError } from '../../../lib/core/errors';
import { EventStream, type EventStreamProps } from '../../../lib/infra/events/EventStream';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { testStack } from '../../helpers/testApp';

interface Built {
  stack: Stack;
  key: kms.Key;
  events: EventStream;
  template: Template;
}

/** A stack with a key and one EventStream built from `props`; `extend` adds grants. Not synthesized. */
function buildUnsynthesized(
  props: Partial<EventStreamProps> = {},
  extend: (built: Omit<Built, 'template'>) => void = () => {},
): Omit<Built, 'template'> {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const events = new EventStream(stack, 'Events', { encryptionKey: key, ...props });
  extend({ stack, key, events });
  return { stack, key, events };
}

/** {@link buildUnsynthesized}, then its template. */
function build(
  props: Partial<EventStreamProps> = {},
  extend?: (built: Omit<Built, 'template'>) => void,
): Built {
  const built = buildUnsynthesized(props, extend);
  return { ...built, template: Template.fromStack(built.stack) };
}

function ref(stack: Stack, construct: { node: { defaultChild?: unknown } }): { Ref: string } {
  return { Ref: stack.getLogicalId(construct.node.defaultChild as kinesis.CfnStream) };
}

function arnOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): { 'Fn::GetAtt': string[] } {
  return { 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as kinesis.CfnStream), 'Arn'] };
}

/** The policy statements attached to the role `roleId`. */
function statementsOf(template: Template, stack: Stack, role: iam.Role): unknown[] {
  const roleRef = { Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify(roleRef)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as unknown[]);
}

describe('EventStream', () => {
  describe('capacity', () => {
    it('is on-demand by default, without a shard count', () => {
      // Act
      const { template } = build();

      // Assert
      template.hasResourceProperties('AWS::Kinesis::Stream', {
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        ShardCount: Match.absent(),
      });
    });

    it('is provisioned with the given shard count', () => {
      // Act
      const { template } = build({ streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 4 });

      // Assert
      template.hasResourceProperties('AWS::Kinesis::Stream', {
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        ShardCount: 4,
      });
    });
  });

  it('encrypts with the given key', () => {
    // Act
    const { stack, key, template } = build();

    // Assert
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: arnOf(stack, key) },
    });
  });

  it('keeps records for the given retention, 24 hours by default', () => {
    // Act
    const byDefault = build().template;
    const week = build({ retention: Duration.days(7) }).template;

    // Assert
    byDefault.hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 24 });
    week.hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 168 });
  });

  it('is retained when it leaves the stack', () => {
    // Act
    const { template } = build();

    // Assert
    template.hasResource('AWS::Kinesis::Stream', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('grantWrite gives exactly ListShards, PutRecord and PutRecords on the stream and encrypting with the key', () => {
    // Arrange
    let producer: iam.Role | undefined;

    // Act
    const { stack, key, events, template } = build({}, ({ stack: s, events: e }) => {
      producer = new iam.Role(s, 'Producer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      e.grantWrite(producer);
    });

    // Assert
    expect(statementsOf(template, stack, producer as iam.Role)).toEqual([
      {
        Effect: 'Allow',
        Action: ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'],
        Resource: arnOf(stack, events.stream),
      },
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Resource: arnOf(stack, key),
      },
    ]);
  });

  it('grantRead gives reading the stream and decrypting with the key, no write', () => {
    // Arrange
    let consumer: iam.Role | undefined;

    // Act
    const { stack, template } = build({}, ({ stack: s, events: e }) => {
      consumer = new iam.Role(s, 'Consumer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      e.grantRead(consumer);
    });

    // Assert
    const actions = statementsOf(template, stack, consumer as iam.Role).flatMap(
      (statement) => (statement as { Action: string | string[] }).Action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kms:Decrypt']),
    );
    expect(actions.filter((action) => /Put|Encrypt|GenerateDataKey/.test(action))).toEqual([]);
  });

  describe('unauthenticated producers', () => {
    it('creates no identity pool by default', () => {
      // Act
      const { template } = build();

      // Assert
      template.resourceCountIs('AWS::Cognito::IdentityPool', 0);
    });

    it('creates an identity pool that allows unauthenticated identities and attaches the producer role to them', () => {
      // Act
      const { stack, events, template } = build({ unauthenticatedProducers: true });

      // Assert
      template.hasResourceProperties('AWS::Cognito::IdentityPool', {
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: false,
      });
      template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
        IdentityPoolId: ref(stack, { node: { defaultChild: events.identityPool } }),
        Roles: { unauthenticated: arnOf(stack, events.unauthenticatedRole as iam.Role) },
      });
    });

    it('lets only unauthenticated identities of this pool assume the producer role', () => {
      // Act
      const { stack, events, template } = build({ unauthenticatedProducers: true });

      // Assert
      const roleId = stack.getLogicalId(events.unauthenticatedRole?.node.defaultChild as iam.CfnRole);
      expect(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Condition: {
            StringEquals: {
              'cognito-identity.amazonaws.com:aud': ref(stack, {
                node: { defaultChild: events.identityPool },
              }),
            },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
          },
        },
      ]);
    });

    it('lets the producer role only PutRecord/PutRecords on this stream and GenerateDataKey through Kinesis', () => {
      // Act
      const { stack, key, events, template } = build({ unauthenticatedProducers: true });

      // Assert
      expect(statementsOf(template, stack, events.unauthenticatedRole as iam.Role)).toEqual([
        {
          Effect: 'Allow',
          Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
          Resource: arnOf(stack, events.stream),
        },
        {
          Effect: 'Allow',
          Action: 'kms:GenerateDataKey',
          Resource: arnOf(stack, key),
          Condition: { StringEquals: { 'kms:ViaService': 'kinesis.eu-west-1.amazonaws.com' } },
        },
      ]);
      template.resourceCountIs('AWS::IAM::Policy', 1);
    });
  });

  describe('props validation', () => {
    it('requires shardCount with a provisioned stream', () => {
      expect(() => build({ streamMode: kinesis.StreamMode.PROVISIONED })).toThrow(
        /shardCount: got nothing; required when streamMode is PROVISIONED/,
      );
    });

    it('refuses shardCount with an on-demand stream', () => {
      expect(() => build({ shardCount: 2 })).toThrow(/shardCount: got 2 with streamMode ON_DEMAND/);
    });

    it('refuses a shard count that is not a whole number of at least 1', () => {
      expect(() => build({ streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 0 })).toThrow(
        /shardCount: got 0; allowed: a whole number, at least 1/,
      );
    });

    it('refuses a retention outside 24..8760 whole hours', () => {
      expect(() => build({ retention: Duration.hours(12) })).toThrow(
        /retention: got 12 hours; allowed: whole hours from 24 to 8760/,
      );
    });

    it('refuses a stream name Kinesis does not allow, and reports every problem at once', () => {
      // Act
      const attempt = () => build({ streamName: 'app events', shardCount: 1 });

      // Assert
      expect(attempt).toThrow(InvalidPropsError);
      expect(attempt).toThrow(/streamName: got 'app events'[\s\S]*shardCount: got 1/);
    });
  });

  it('is cdk-nag clean with unauthenticated producers and a backend producer', () => {
    // Arrange
    const { stack } = buildUnsynthesized({ unauthenticatedProducers: true }, ({ stack: s, events: e }) => {
      const backend = { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') };
      e.grantWrite(new iam.Role(s, 'Producer', backend));
      e.grantRead(new iam.Role(s, 'Consumer', backend));
    });

    // Act
    const findings = nagFindings(stack.node.root as App);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});
