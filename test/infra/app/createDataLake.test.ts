import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { synthesizedDefinition } from '../../../lib/local/runStateMachine';
import { parsedConfig, validSource } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

describe('createDataLake', () => {
  it('builds a foundation stack, one stack per source and the events stack, named after the lake', () => {
    // Act
    const stacks = createDataLake(testApp(), loadConfig(DEFAULT_CONFIG_PATH), TEST_ENV);

    // Assert
    expect([stacks.foundation, ...stacks.sources, stacks.events].map((s) => s?.stackName)).toEqual([
      'marketplace-foundation',
      'marketplace-source-service',
      'marketplace-source-payments',
      'marketplace-events',
    ]);
  });

  it('relays the example lake’s app-events stream to its topic app.events with 6 partitions', () => {
    // Act
    const { events } = createDataLake(testApp(), loadConfig(DEFAULT_CONFIG_PATH), TEST_ENV);
    const template = Template.fromStack(events ?? fail('no events stack'));

    // Assert
    template.hasResourceProperties('AWS::Kinesis::Stream', { Name: 'marketplace-app-events' });
    template.hasResourceProperties('Custom::KafkaTopic', { TopicName: 'app.events', Partitions: 6 });
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  it('builds no events stack for a lake without streams', () => {
    // Act
    const stacks = createDataLake(testApp(), parsedConfig({ streams: [] }), TEST_ENV);

    // Assert
    expect(stacks.events).toBeUndefined();
  });

  it('provisions an RDS read replica of the instance primary and Aurora readers of the cluster primary', () => {
    // Arrange
    const { sources } = createDataLake(testApp(), loadConfig(DEFAULT_CONFIG_PATH), TEST_ENV);
    const [service, payments] = sources.map((stack) => Template.fromStack(stack));

    // Assert: service is an RDS MySQL instance with one replica
    service?.resourceCountIs('AWS::RDS::DBInstance', 1);
    service?.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':db:marketplace-prod$')])],
      },
      DBInstanceClass: 'db.r6g.large',
      MonitoringInterval: 60,
      DeletionProtection: true,
    });
    // payments is an Aurora cluster with two readers
    payments?.resourceCountIs('AWS::RDS::DBInstance', 2);
    payments?.hasResourceProperties('AWS::RDS::DBInstance', {
      DBClusterIdentifier: 'marketplace-aurora',
      Engine: 'aurora-postgresql',
    });
  });

  it('lets the snapshot export role write only under its source prefix of the raw bucket', () => {
    // Arrange
    const { sources } = createDataLake(testApp(), parsedConfig(), TEST_ENV);
    const template = Template.fromStack(sources[0] ?? fail('no source stack'));

    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['s3:PutObject*']),
            Resource: {
              'Fn::Join': [
                '',
                [{ 'Fn::ImportValue': Match.stringLikeRegexp('RawBucket') }, '/exports/service/*'],
              ],
            },
          }),
        ]),
      },
    });
  });

  it('gives each source a snapshot state machine for its snapshot-export tables, a replica one for its replica tables and a cdc apply one for its cdc tables', () => {
    // Act
    const { sources } = createDataLake(testApp(), loadConfig(DEFAULT_CONFIG_PATH), TEST_ENV);
    const [service, payments] = sources.map((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'))
        .map((resource) => resource.Properties.StateMachineName)
        .sort(),
    );

    // Assert: service exports some tables, reads others from its replica and captures offers;
    // payments reads its replica and captures payment_events
    expect(service).toEqual([
      'marketplace-service-cdc',
      'marketplace-service-replica',
      'marketplace-service-snapshot',
    ]);
    expect(payments).toEqual(['marketplace-payments-cdc', 'marketplace-payments-replica']);
  });

  it('caps each pool’s tables at the pool’s maxConcurrency in the example lake', () => {
    // Arrange
    const { sources } = createDataLake(testApp(), loadConfig(DEFAULT_CONFIG_PATH), TEST_ENV);
    const pipeline = sources[0]?.snapshotPipeline ?? fail('no pipeline');

    // Act
    const { States } = synthesizedDefinition(pipeline.stateMachine) as unknown as {
      States: Record<string, { Branches?: { States: Record<string, { MaxConcurrency?: number }> }[] }>;
    };
    const maps = (States['Tables by pool']?.Branches ?? []).flatMap((branch) =>
      Object.entries(branch.States)
        .filter(([name]) => name.endsWith(': tables'))
        .map(([name, state]) => [name, state.MaxConcurrency]),
    );

    // Assert: items is in small (2), orders in large (4)
    expect(maps).toEqual([
      ['small: tables', 2],
      ['large: tables', 4],
    ]);
  });

  it('passes cdk-nag AwsSolutions across all stacks of the example lake', () => {
    // Arrange
    const app = testApp();
    createDataLake(app, loadConfig(DEFAULT_CONFIG_PATH), TEST_ENV);

    // Act / Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });

  it('maps the replica settings of the config: monitoring and Performance Insights off, no deletion protection', () => {
    // Arrange
    const source = validSource({
      replica: { monitoringIntervalSeconds: 0, performanceInsights: false, deletionProtection: false },
    });
    const { sources } = createDataLake(testApp(), parsedConfig({ sources: [source] }), TEST_ENV);

    // Assert
    Template.fromStack(sources[0] ?? fail('no source stack')).hasResourceProperties('AWS::RDS::DBInstance', {
      MonitoringInterval: Match.absent(), // RDS's default: enhanced monitoring off
      EnablePerformanceInsights: false,
      DeletionProtection: false,
    });
  });
});
