import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { type DataLakeConfig, loadConfig } from '../../../lib/config';
import { createDataLake, type DataLakeStacks } from '../../../lib/infra/app/createDataLake';
import { parsedConfig, validSource, validStream, validTable } from '../../helpers/configFactory';
import { CONFIG_DIR, EXAMPLE_CONFIGS } from '../../helpers/exampleConfigs';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function stacksOf(lake: DataLakeStacks): Stack[] {
  return [lake.foundation, ...lake.sources, ...(lake.events ? [lake.events] : [])];
}

interface AlarmProperties {
  readonly AlarmName?: string;
  readonly AlarmActions?: unknown[];
}

function alarmsOf(stack: Stack): AlarmProperties[] {
  const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
  return Object.values(alarms).map((alarm) => alarm.Properties as AlarmProperties);
}

/** How an alarm in a stack names the foundation's topic: its own ref, or the foundation's export of it. */
function namesTopic(stack: Stack, lake: DataLakeStacks, action: unknown): boolean {
  const topicRef = lake.foundation.resolve(lake.foundation.alerts.topic.topicArn) as { Ref: string };
  const text = JSON.stringify(action);
  return stack === lake.foundation
    ? text === JSON.stringify(topicRef)
    : text.includes(`ExportsOutputRef${topicRef.Ref.replace(/[^A-Za-z0-9]/g, '')}`) ||
        text.includes(topicRef.Ref);
}

describe('every alarm notifies the alert topic', () => {
  it.each(EXAMPLE_CONFIGS)('in every stack of %s', (file) => {
    // Arrange
    const config: DataLakeConfig = loadConfig(join(CONFIG_DIR, file));
    const lake = createDataLake(testApp(), config, TEST_ENV);

    // Act
    const withoutTopic = stacksOf(lake).flatMap((stack) =>
      alarmsOf(stack)
        .filter((alarm) => !(alarm.AlarmActions ?? []).some((action) => namesTopic(stack, lake, action)))
        .map((alarm) => `${stack.stackName}: ${alarm.AlarmName ?? '(the relay failure alarm)'}`),
    );

    // Assert
    expect(withoutTopic).toEqual([]);
  });
});

describe('the alarm set of a lake with an RDS instance source, an Aurora source and a stream', () => {
  // Arrange
  const config = parsedConfig({
    network: {
      vpcId: 'vpc-0abc1234',
      subnetIds: ['subnet-0abc1234', 'subnet-0abc1235'],
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      endpoints: 'create',
      cidrBlock: '10.0.0.0/16',
      routeTableIds: ['rtb-0abc1234', 'rtb-0abc1234'],
    },
    sources: [
      validSource({ schedule: 'rate(1 hour)', tables: [validTable(), validTable({ name: 'items' })] }),
      validSource({
        name: 'payments',
        engine: 'postgres',
        database: 'payments',
        primary: { clusterIdentifier: 'payments-db', securityGroupId: 'sg-0abc1234' },
        replica: { count: 2 },
        defaultMode: 'replica-query',
        includeTables: 'listed',
        tables: [validTable({ name: 'payments' })],
      }),
    ],
    streams: [validStream()],
  });
  const lake = createDataLake(testApp(), config, TEST_ENV);
  const names = (stack: Stack) => alarmsOf(stack).map((alarm) => alarm.AlarmName ?? 'relay failure queue');

  /** A pipeline's alarms: its executions failed, timed out, aborted; per function errors, throttles, duration. */
  const pipeline = (prefix: string, functions: readonly string[]) => [
    `${prefix}-Failure-Count-Critical`,
    `${prefix}-TimedOut-Count-Critical`,
    `${prefix}-Aborted-Count-Critical`,
    ...functions.flatMap((name) => [
      `${prefix}-${name}-Fault-Count-Critical`,
      `${prefix}-${name}-Throttled-Count-Warning`,
      `${prefix}-${name}-Latency-Maximum-Warning`,
    ]),
  ];

  it('alarms on the instance source: snapshot pipeline, its functions, one replica, each table', () => {
    // Arrange
    const stack = 'testlake-source-service';

    // Assert
    expect(names(lake.sources[0]).sort()).toEqual(
      [
        ...pipeline(`${stack}-snapshot`, ['findSnapshot', 'listTables', 'plan', 'transform', 'commit']),
        `${stack}-replica-lag-replica1-Warning`,
        `${stack}-freshness-users-Critical`,
        `${stack}-freshness-items-Critical`,
        // includeTables: all (the default): every table the run finds, against its SLO.
        `${stack}-freshness-all-tables-Critical`,
      ].sort(),
    );
  });

  it('alarms on the Aurora source: replica pipeline, its functions, both readers, its table', () => {
    // Arrange
    const stack = 'testlake-source-payments';

    // Assert
    expect(names(lake.sources[1]).sort()).toEqual(
      [
        ...pipeline(`${stack}-replica`, ['plan', 'extract', 'commit', 'advance']),
        `${stack}-replica-lag-replica1-Warning`,
        `${stack}-replica-lag-replica2-Warning`,
        `${stack}-freshness-payments-Critical`,
      ].sort(),
    );
  });

  it('alarms on the stream: iterator age, write throttles, the relay, its failure queue, the archive', () => {
    // Arrange
    const stack = 'testlake-events-app-events';

    // Assert
    expect(names(lake.events as Stack).sort()).toEqual(
      [
        `${stack}-stream-Iterator-Age-Max-Critical`,
        `${stack}-stream-WriteThroughputExceeded-Warning`,
        `${stack}-relay-Fault-Count-Critical`,
        `${stack}-relay-Throttled-Count-Warning`,
        `${stack}-relay-Latency-Maximum-Warning`,
        'relay failure queue',
        `${stack}-archive-delivery-Critical`,
        `${stack}-archive-data-freshness-Warning`,
      ].sort(),
    );
  });

  it("uses RDS's ReplicaLag for the instance and AuroraReplicaLag for the readers", () => {
    // Act
    const metricsOf = (stack: Stack) =>
      JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));

    // Assert
    expect(metricsOf(lake.sources[0])).toContain('"MetricName":"ReplicaLag"');
    expect(metricsOf(lake.sources[1])).toContain('"MetricName":"AuroraReplicaLag"');
    expect(metricsOf(lake.sources[1])).not.toContain('"MetricName":"ReplicaLag"');
  });

  it("compares each table's freshness with its SLO: twice the hourly schedule", () => {
    // Assert
    Template.fromStack(lake.sources[0]).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'testlake-source-service-freshness-users-Critical',
      Metrics: [
        Match.objectLike({
          MetricStat: {
            Metric: {
              Namespace: 'DataLake/testlake',
              MetricName: 'FreshnessSeconds',
              Dimensions: [
                { Name: 'Source', Value: 'service' },
                { Name: 'Table', Value: 'users' },
              ],
            },
            Period: 7200,
            Stat: 'Maximum',
          },
        }),
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 7200,
      TreatMissingData: 'breaching',
    });
  });

  it('tells the topic when an archive writes under its error prefix', () => {
    // Assert
    const foundation = Template.fromStack(lake.foundation);
    foundation.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { object: { key: [{ prefix: 'errors/app-events/' }] } },
      },
    });
    foundation.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it('has one dashboard per stack: the lake overview in the foundation, the details in each other stack', () => {
    // Assert
    for (const stack of stacksOf(lake)) {
      Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    }
  });

  it("shows every source's pipelines and tables and every stream on the lake overview, by name", () => {
    // Act
    const dashboard = Template.fromStack(lake.foundation).findResources('AWS::CloudWatch::Dashboard', {
      Properties: { DashboardName: 'testlake' },
    });
    // The body is JSON inside a Fn::Join: read it without its layers of escaping.
    const body = JSON.stringify(Object.values(dashboard)[0]?.Properties.DashboardBody).replace(/\\/g, '');

    // Assert
    for (const shown of [
      'stateMachine:testlake-service-snapshot',
      'stateMachine:testlake-payments-replica',
      '"Source"="service" MetricName="FreshnessSeconds"',
      '"Source"="payments" MetricName="RowsCommitted"',
      'testlake-app-events',
    ]) {
      expect(body).toContain(shown);
    }
    expect(body).not.toContain('testlake-service-replica');
  });
});

describe('freshness alarms over SLOs beyond a day and for tables includeTables: all finds', () => {
  // Arrange: a daily source (SLO 26 h) that curates every table it finds, one listed with 3 days.
  const config = parsedConfig({
    sources: [
      validSource({
        schedule: 'cron(0 3 * * ? *)',
        includeTables: 'all',
        tables: [validTable({ freshnessSlo: '3d' })],
      }),
    ],
  });
  const lake = createDataLake(testApp(), config, TEST_ENV);
  const template = Template.fromStack(lake.sources[0]);

  it('alarms when any table, listed or not, commits data older than its SLO or none commits for 26 h', () => {
    // Assert: whole days covering the SLO, each missing or over 100 %, so never early and at most a day late.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'testlake-source-service-freshness-all-tables-Critical',
      Metrics: [
        Match.objectLike({
          MetricStat: {
            Metric: {
              Namespace: 'DataLake/testlake',
              MetricName: 'FreshnessPercentOfSlo',
              Dimensions: [{ Name: 'Source', Value: 'service' }],
            },
            Period: 86_400,
            Stat: 'Maximum',
          },
        }),
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 100,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
    });
  });

  it('alarms on a listed table with a 3-day SLO after three silent days (PutMetricAlarm: at most 7 days of periods)', () => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'testlake-source-service-freshness-users-Critical',
      Metrics: [Match.objectLike({ MetricStat: Match.objectLike({ Period: 86_400 }) })],
      Threshold: 3 * 86_400,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
    });
  });

  it('has no source-wide freshness alarm when every table is listed', () => {
    // Arrange
    const listed = createDataLake(
      testApp(),
      parsedConfig({ sources: [validSource({ includeTables: 'listed' })] }),
      TEST_ENV,
    );

    // Act
    const names = alarmsOf(listed.sources[0]).map((alarm) => alarm.AlarmName);

    // Assert
    expect(names).toContain('testlake-source-service-freshness-users-Critical');
    expect(names).not.toContain('testlake-source-service-freshness-all-tables-Critical');
  });
});
