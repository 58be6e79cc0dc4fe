import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { DataLakeConfig, DataLakeConfigInput } from '../../../lib/config';
import { InvalidPropsError } from '../../../lib/core/errors';
import { CdcApplyPipeline } from '../../../lib/infra/cdc/CdcApplyPipeline';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { SourceStack } from '../../../lib/infra/stacks/SourceStack';
import { synthesizedDefinition } from '../../../lib/local/runStateMachine';
import { configuredSource } from '../../../lib/tasks/configuredSource';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** asl-validator 4.0.0 ships no type declarations. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = require('asl-validator') as AslValidator;

type State = Record<string, unknown> & { Type: string };
type States = Record<string, State>;

const DMS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf';
const READER_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf';

const network: DataLakeConfigInput['network'] = {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  cidrBlock: '10.20.0.0/16',
  endpoints: 'create',
  routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
};

/** Source `service` (RDS MySQL): `users` and `order_items` in mode cdc, `items` by snapshot. */
function cdcConfig(cdc: Record<string, unknown> = {}): DataLakeConfig {
  return parsedConfig({
    network,
    sources: [
      validSource({
        includeTables: 'listed',
        tables: [
          validTable({ mode: 'cdc', columns: { email: { mask: 'hash' } } }),
          validTable({ name: 'order_items', mode: 'cdc', columns: {} }),
          validTable({ name: 'items', columns: {} }),
        ],
        cdc: { credentialsSecretArn: DMS_SECRET, securityGroupId: 'sg-0123456789abcdef0', ...cdc },
      }),
    ],
  });
}

function sourceStack(config: DataLakeConfig) {
  const app = testApp();
  const foundation = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config });
  const source = config.sources[0] ?? fail('no source');
  const stack = new SourceStack(app, 'Source', { env: TEST_ENV, config, source, foundation });
  const pipeline = stack.cdcApplyPipeline ?? fail('no cdc apply pipeline');
  return { foundation, stack, pipeline, template: Template.fromStack(stack) };
}

/** A policy resource as a readable string: imports by what they name, joins joined. */
function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Fn::ImportValue' in object) {
    const name = String(object['Fn::ImportValue']);
    const known = [
      ['RawBucket', 'raw-bucket'],
      ['CuratedBucket', 'curated-bucket'],
      ['RawKey', 'raw-key'],
      ['CuratedKey', 'curated-key'],
      ['MaskingSalt', 'masking-salt'],
    ].find(([part]) => name.includes(part ?? ''));
    return known?.[1] ?? name;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(flat).join(separator);
  }
  if ('Fn::GetAtt' in object) return (object['Fn::GetAtt'] as string[]).join('.');
  if ('Ref' in object) return String(object.Ref);
  return JSON.stringify(value);
}

/** The statements of `fn`'s role's policy, each `{ actions, resources, condition? }`, in order. */
function statementsOf(built: ReturnType<typeof sourceStack>, grantee: { readonly role?: iam.IRole }) {
  const roleId = built.stack.getLogicalId((grantee.role ?? fail('no role')).node.defaultChild as never);
  const policies = Object.values(built.template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
  );
  return policies.flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]).map((statement) => ({
      actions: [statement.Action].flat().map(String),
      resources: [statement.Resource].flat().map(flat),
      ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
    })),
  );
}

const LOGS_AND_TRACING = (logs: RegExp) => [
  { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [expect.stringMatching(logs)] },
  { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] },
];
const READ = ['s3:GetObject*', 's3:GetBucket*', 's3:List*'];
const WRITE = [
  's3:DeleteObject*',
  's3:PutObject',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:Abort*',
];
const CURATED_ENCRYPT = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Decrypt'];

/** The curated grants of one cdc table's folder (`prefix`): read, write, list that folder only. */
function curatedFolder(prefix: string) {
  return [
    { actions: READ, resources: ['curated-bucket', `curated-bucket/${prefix}*`] },
    ...(prefix.startsWith('service/users/')
      ? [{ actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: ['curated-key'] }]
      : []),
    { actions: WRITE, resources: ['curated-bucket', `curated-bucket/${prefix}*`] },
    ...(prefix.startsWith('service/users/')
      ? [{ actions: CURATED_ENCRYPT, resources: ['curated-key'] }]
      : []),
    {
      actions: ['s3:ListBucket'],
      resources: ['curated-bucket'],
      condition: { StringLike: { 's3:prefix': `${prefix}*` } },
    },
  ];
}

describe('CdcApplyPipeline in the source stack', () => {
  let built: ReturnType<typeof sourceStack>;
  let states: States;
  beforeAll(() => {
    built = sourceStack(cdcConfig());
    states = synthesizedDefinition(built.pipeline.stateMachine).States as States;
  });

  it('is a valid Amazon States Language definition named <lake>-<source>-cdc', () => {
    // Arrange
    const definition = synthesizedDefinition(built.pipeline.stateMachine);

    // Act
    const result = aslValidator(definition, { checkPaths: true, checkArn: true });

    // Assert
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    built.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'testlake-service-cdc',
    });
  });

  it('refuses to overlap a running apply, then maps over exactly the cdc tables, 4 at a time', () => {
    // Assert
    expect(states['Look for a running execution']?.Next).toBe('Already running?');
    expect(states['The cdc tables']).toMatchObject({ Type: 'Pass', Result: ['users', 'order_items'] });
    expect(states.Tables).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.cdcTables',
      MaxConcurrency: 4,
      ItemSelector: { source: 'service', 'table.$': '$$.Map.Item.Value', 'runId.$': '$.run.runId' },
      ResultPath: '$.tables',
      Next: 'Any table failed?',
    });
  });

  it('plans, applies and commits each table, committing only when the apply wrote a version; Parameters always key-value pairs (Manipulate parameters in Step Functions workflows)', () => {
    // Arrange
    const processor =
      (states.Tables?.ItemProcessor as { StartAt: string; States: States }) ?? fail('no processor');
    const inner = processor.States;

    // Assert
    expect(processor.StartAt).toBe('Plan the table');
    expect(inner['Plan the table']).toMatchObject({
      ResultPath: '$.planned',
      Next: 'Apply the changes',
      Parameters: {
        'source.$': '$.source',
        'table.$': '$.table',
        'runId.$': '$.runId',
        config: { name: 'testlake' },
      },
    });
    expect(inner['Apply the changes']).toMatchObject({
      ResultPath: '$.applied',
      InputPath: '$.planned',
      Next: 'Anything new?',
    });
    // A payload of one path synthesizes `"Parameters": "$.planned"`, which Step Functions refuses.
    expect(inner['Apply the changes']).not.toHaveProperty('Parameters');
    expect(inner['Anything new?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.applied.applied', BooleanEquals: true, Next: 'Commit the version' }],
      Default: 'Table done',
    });
    expect(inner['Commit the version']).toMatchObject({
      Parameters: { 'plan.$': '$.applied.plan', expectedParts: 1 },
      ResultPath: null,
      Next: 'Table done',
    });
  });

  it("embeds a config subset the plan's own validation accepts: cdc settings need network.vpcId", () => {
    // Arrange
    const inner =
      (states.Tables?.ItemProcessor as { States: States } | undefined)?.States ?? fail('no processor');
    const { config } = (inner['Plan the table']?.Parameters ?? {}) as { config?: unknown };

    // Act / Assert
    expect(configuredSource(config, 'service', 'the cdc plan task input').tables.map((t) => t.name)).toEqual([
      'users',
      'order_items',
      'items',
    ]);
  });

  it('lets a failed table end its own iteration, naming it, and fails the run once all had their turn', () => {
    // Arrange
    const inner =
      (states.Tables?.ItemProcessor as { States: States } | undefined)?.States ?? fail('no processor');

    // Assert
    for (const name of ['Plan the table', 'Apply the changes', 'Commit the version']) {
      expect(inner[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Table: name failure' },
      ]);
    }
    expect(inner['Table: name failure']?.Next).toBe('Table: table failed');
    expect(states['Any table failed?']).toMatchObject({
      Choices: [
        { Variable: '$.tables.results', StringMatches: '*{"failed":*', Next: 'Name the failed tables' },
      ],
      Default: 'Every table applied',
    });
    expect(states['Tables failed']).toMatchObject({ Type: 'Fail', Error: 'TableFailed' });
  });

  it('starts every 15 minutes by default (cdc.applySchedule)', () => {
    // Assert
    built.template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Starts the service cdc apply',
      ScheduleExpression: 'rate(15 minutes)',
    });
  });

  it("starts on the source's cdc.applySchedule", () => {
    // Act
    const other = sourceStack(cdcConfig({ applySchedule: 'cron(0/5 * * * ? *)' }));

    // Assert
    other.template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Starts the service cdc apply',
      ScheduleExpression: 'cron(0/5 * * * ? *)',
    });
  });

  it("gives the apply exactly: the source's DMS prefix (raw key), each cdc table's curated folder and manifests, the salt", () => {
    // Act
    const statements = statementsOf(built, built.pipeline.applyFunction);

    // Assert
    expect(statements).toEqual([
      ...LOGS_AND_TRACING(/^CdcApplyPipelineApplyLogs\w+\.Arn$/),
      { actions: READ, resources: ['raw-bucket', 'raw-bucket/cdc/service/*'] },
      { actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: ['raw-key'] },
      {
        actions: ['s3:ListBucket'],
        resources: ['raw-bucket'],
        condition: { StringLike: { 's3:prefix': 'cdc/service/*' } },
      },
      ...curatedFolder('service/users/'),
      ...curatedFolder('_manifests/service/users/'),
      ...curatedFolder('service/order_items/'),
      ...curatedFolder('_manifests/service/order_items/'),
      {
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: ['masking-salt'],
      },
      {
        actions: ['kms:Decrypt'],
        resources: ['raw-key'],
        condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  it("gives the plan exactly: the replica reader's secret, Glue reads of the source's database, its VPC interfaces", () => {
    // Act
    const statements = statementsOf(built, built.pipeline.planFunction);

    // Assert
    expect(statements.map((statement) => statement.actions)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
    ]);
    expect(statements[3]?.resources).toEqual([READER_SECRET]);
    expect(JSON.stringify(statements)).not.toMatch(/s3:|raw-key|curated-key/);
  });

  it("lets the plan's security group send only to the replica's port and HTTPS to the AWS API endpoints", () => {
    // Arrange
    const group = built.stack.getLogicalId(
      built.pipeline.planFunction.connections.securityGroups[0]?.node.defaultChild as never,
    );
    const ofPlan = (rule: Record<string, { GroupId?: unknown }>) =>
      flat(rule.Properties?.GroupId ?? '') === `${group}.GroupId`;

    // Act
    const standalone = Object.values(built.template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter(ofPlan)
      .map((rule) => `${rule.Properties.FromPort} ${rule.Properties.Description}`);
    const inline = (
      (built.template.findResources('AWS::EC2::SecurityGroup')[group] ?? fail('no plan group')).Properties
        .SecurityGroupEgress as {
        FromPort: number;
        Description: string;
      }[]
    ).map((rule) => `${rule.FromPort} ${rule.Description}`);

    // Assert
    expect([...inline, ...standalone].sort()).toEqual([
      '3306 Pipeline to the mysql replica',
      '443 AWS APIs: the interface endpoints',
      '443 S3 through its gateway endpoint',
    ]);
  });

  it('lets the state machine invoke its three functions and list its own executions, nothing else but logs and tracing', () => {
    // Act
    const actions = statementsOf(built, built.pipeline.stateMachine).flatMap(
      (statement) => statement.actions,
    );

    // Assert
    expect(actions.filter((action) => !/^(logs|xray):/.test(action))).toEqual([
      'states:ListExecutions',
      'lambda:InvokeFunction',
      'lambda:InvokeFunction',
      'lambda:InvokeFunction',
    ]);
  });

  it('alarms on failed, timed-out and aborted apply runs, like the other pipelines', () => {
    // Assert
    const alarms = Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) =>
      JSON.stringify(alarm.Properties.AlarmName),
    );
    for (const kind of ['Failure', 'Aborted', 'TimedOut']) {
      expect(alarms.filter((name) => name.includes(`-cdc-${kind}-Count-Critical`))).toHaveLength(1);
    }
  });
});

describe('CdcApplyPipeline props', () => {
  it('refuses a source without cdc tables and a schedule EventBridge does not take, naming each prop', () => {
    // Arrange
    const config = cdcConfig();
    const { stack, foundation } = sourceStack(config);
    const source = config.sources[0] ?? fail('no source');
    const built = stack.cdcApplyPipeline ?? fail('no pipeline');
    const props = {
      config,
      source: { ...source, tables: source.tables.filter((table) => table.mode !== 'cdc') },
      storage: foundation.storage,
      database: stack.catalog.database('testlake_service'),
      maskingSalt: foundation.maskingSalt,
      replication: stack.cdcReplication ?? fail('no replication'),
      replica: stack.replica,
      vpc: foundation.network.vpc,
      schedule: 'cron(0/5 * * * *)',
      tableConcurrency: 0,
    };

    // Act / Assert
    expect(() => new CdcApplyPipeline(built, 'Other', props)).toThrow(InvalidPropsError);
    expect(() => new CdcApplyPipeline(built, 'Other2', props)).toThrow(
      /source.*not one of config.sources[\s\S]*source.tables.*no table in mode cdc[\s\S]*tableConcurrency.*got 0[\s\S]*schedule.*cron/,
    );
  });
});
