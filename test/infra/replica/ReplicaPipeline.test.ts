import { type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { DataLakeConfig } from '../../../lib/config';
import { InvalidPropsError } from '../../../lib/core/errors';
import { ReplicaPipeline, type ReplicaPipelineProps } from '../../../lib/infra/replica/ReplicaPipeline';
import { SourceReplica } from '../../../lib/infra/source/SourceReplica';
import { DataLakeStorage } from '../../../lib/infra/storage/DataLakeStorage';
import { synthesizedDefinition } from '../../../lib/local/runStateMachine';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { testStack } from '../../helpers/testApp';

/** asl-validator 4.0.0 ships no type declarations. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = require('asl-validator') as AslValidator;

type State = Record<string, unknown> & { Type: string };
type States = Record<string, State>;

/** Pools small (2) and large (4); source `service` with a full-load and an incremental table. */
function replicaConfig(): DataLakeConfig {
  return parsedConfig({
    pools: [
      { name: 'small', maxConcurrency: 2 },
      { name: 'large', maxConcurrency: 4 },
    ],
    sources: [
      validSource({
        includeTables: 'listed',
        defaultMode: 'replica-query',
        schedule: 'cron(0 * * * ? *)',
        tables: [
          validTable({ pool: 'small' }),
          validTable({
            name: 'orders',
            pool: 'large',
            mode: 'incremental',
            watermarkColumn: 'id',
            columns: {},
          }),
        ],
      }),
    ],
  });
}

interface Fixture {
  readonly stack: Stack;
  readonly pipeline: ReplicaPipeline;
  readonly replica: SourceReplica;
}

function build(
  config = replicaConfig(),
  props: Partial<ReplicaPipelineProps> = {},
  replicaCount = 1,
): Fixture {
  const stack = testStack();
  const source = config.sources[0] ?? fail('no source');
  const storage = new DataLakeStorage(stack, 'Storage');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  Validations.of(vpc).acknowledge({
    id: 'AwsSolutions-VPC7',
    reason: 'Test VPC; flow logs are not under test.',
  });
  const replica = new SourceReplica(stack, 'Replica', {
    engine: 'mysql',
    primaryInstanceIdentifier: 'service-db',
    vpc,
    count: replicaCount,
  });
  const database = new glue.Database(stack, 'Database', { databaseName: 'testlake_service' });
  const maskingSalt = new secretsmanager.Secret(stack, 'Salt', { encryptionKey: storage.rawKey });
  Validations.of(maskingSalt).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'Test salt; rotation is not under test.',
  });
  const pipeline = new ReplicaPipeline(stack, 'Pipeline', {
    config,
    source,
    storage,
    database,
    maskingSalt,
    replica,
    vpc,
    ...props,
  });
  return { stack, pipeline, replica };
}

function allStates(fixture: Fixture): States {
  const found: States = {};
  const visit = (states: States) => {
    for (const [name, state] of Object.entries(states)) {
      found[name] = state;
      const branches = (state.Branches as { States: States }[] | undefined) ?? [];
      const processor = state.ItemProcessor as { States: States } | undefined;
      for (const nested of processor ? [...branches, processor] : branches) visit(nested.States);
    }
  };
  visit(synthesizedDefinition(fixture.pipeline.stateMachine).States as unknown as States);
  return found;
}

function logicalId(fixture: Fixture, construct: { node: { defaultChild?: unknown } }): string {
  return fixture.stack.getLogicalId(construct.node.defaultChild as never);
}

describe('ReplicaPipeline', () => {
  it('synthesizes a definition that asl-validator accepts', () => {
    // Arrange
    const fixture = build();

    // Act
    const result = aslValidator(synthesizedDefinition(fixture.pipeline.stateMachine));

    // Assert
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('gives the plan every replica host and each chunk the host its item names', () => {
    // Arrange
    const fixture = build(replicaConfig(), {}, 2);
    const [first, second] = fixture.replica.instances.map((instance) => fixture.stack.getLogicalId(instance));

    // Act
    const template = Template.fromStack(fixture.stack);
    const extract = allStates(fixture)['small: extract'];

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REPLICA_HOSTS: {
            'Fn::Join': [
              ',',
              [{ 'Fn::GetAtt': [first, 'Endpoint.Address'] }, { 'Fn::GetAtt': [second, 'Endpoint.Address'] }],
            ],
          },
        }),
      },
    });
    // How to reach a replica and where to write are the extract's settings; only the host is the item's.
    expect(extract?.Parameters).toEqual({
      'plan.$': '$.work.plan',
      'chunk.$': '$.work.chunk',
      'host.$': '$.work.host',
    });
  });

  it('gives the extract the replica connection and the curated bucket as settings', () => {
    // Arrange
    const fixture = build();
    const curated = logicalId(
      fixture,
      fixture.stack.node.findChild('Storage').node.findChild('CuratedBucket'),
    );

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    const functions = template.findResources('AWS::Lambda::Function');
    const extract = functions[logicalId(fixture, fixture.pipeline.extractFunction)];
    expect(extract?.Properties.Environment.Variables).toMatchObject({
      REPLICA_ENGINE: 'mysql',
      REPLICA_PORT: '3306',
      REPLICA_DATABASE: 'service',
      CREDENTIALS_SECRET_ARN: expect.stringMatching(/^arn:aws:secretsmanager:/),
      CURATED_BUCKET: { Ref: curated },
    });
  });

  it('maps each pool’s stored chunk list with a Distributed Map of maxConcurrency = the pool’s size', () => {
    // Act
    const states = allStates(build());

    // Assert
    for (const [pool, size] of [
      ['small', 2],
      ['large', 4],
    ] as const) {
      expect(states[`${pool}: chunks`]).toMatchObject({
        Type: 'Map',
        MaxConcurrency: size,
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { 'Bucket.$': '$.plan.bucket', 'Key.$': `$.plan.pools.${pool}.key` },
        },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
        ResultPath: null,
      });
      expect(states[`${pool}: chunks`]?.ItemsPath).toBeUndefined();
    }
    expect(states['small: chunks']?.ItemSelector).toEqual({
      'work.$': '$$.Map.Item.Value',
      note: { 'bucket.$': '$.plan.bucket', 'prefix.$': '$.plan.failures' },
    });
  });

  it('writes the Maps’ results to S3, so their output is a pointer whatever the number of chunks', () => {
    // Act
    const states = allStates(build());

    // Assert: "ResultWriter (Map)", https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
    for (const map of ['small: chunks', 'large: chunks', 'small: commit tables', 'large: commit tables']) {
      expect(states[map]?.ResultWriter).toEqual({
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { 'Bucket.$': '$.plan.bucket', Prefix: 'replica-runs/service/map-results' },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
      });
    }
  });

  it('gives the plan the run bucket, where it stores the lists the Maps read, as a setting', () => {
    // Arrange
    const fixture = build();
    const raw = logicalId(fixture, fixture.stack.node.findChild('Storage').node.findChild('RawBucket'));

    // Act
    const plan = allStates(fixture)['Plan the run'];
    const functions = Template.fromStack(fixture.stack).findResources('AWS::Lambda::Function');

    // Assert
    expect(
      functions[logicalId(fixture, fixture.pipeline.planFunction)]?.Properties.Environment.Variables,
    ).toMatchObject({ REPLICA_RUNS_BUCKET: { Ref: raw } });
    expect(Object.keys(plan?.Parameters as object).sort()).toEqual([
      'config',
      'runId.$',
      'runStart.$',
      'source',
      'step',
    ]);
  });

  it('checks the replica lag before planning and retries a lagging replica with jittered backoff', () => {
    // Act
    const states = allStates(build({ ...replicaConfig() }, { lagCheckAttempts: 4 }));

    // Assert
    const lag = states['Check the replica lag'] ?? fail('no lag check');
    expect(lag.Next).toBe('Plan the run');
    expect(lag.Parameters).toEqual({ step: 'lag', source: 'service', maxLagSeconds: 300 });
    expect(lag.Retry).toEqual(
      expect.arrayContaining([
        {
          ErrorEquals: ['ReplicaLagError'],
          IntervalSeconds: 60,
          MaxAttempts: 3,
          BackoffRate: 2,
          MaxDelaySeconds: 900,
          JitterStrategy: 'FULL',
        },
      ]),
    );
    expect(lag.Catch).toEqual(
      expect.arrayContaining([
        { ErrorEquals: ['ReplicaLagError'], ResultPath: '$.error', Next: 'Replica lagging' },
      ]),
    );
    expect(states['Use the given run id']?.Next).toBe('Check the replica lag');
  });

  it('commits each pool’s tables as soon as its chunks are extracted, skipping a table whose chunk failed, an incremental one after claiming its window', () => {
    // Act
    const states = allStates(build());

    // Assert
    expect(states['small: delete the chunk list']?.Next).toBe('small: commit tables');
    expect(states['small: commit tables']).toMatchObject({
      ItemReader: {
        Parameters: { 'Bucket.$': '$.plan.bucket', 'Key.$': '$.plan.pools.small.tables.key' },
      },
      ItemSelector: {
        'table.$': '$$.Map.Item.Value',
        note: { 'bucket.$': '$.plan.bucket', 'prefix.$': '$.plan.failures' },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'small: chunks noted?' },
      MaxConcurrency: 4,
      ResultPath: null,
      Next: 'small: delete the table list',
    });
    // A chunk's failure note is all a commit child can see of it: ListObjectsV2 of the table's folder.
    expect(states['small: chunks noted?']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      Parameters: {
        'Bucket.$': '$.note.bucket',
        'Prefix.$': "States.Format('{}{}/', $.note.prefix, $.table.plan.table)",
        MaxKeys: 1,
      },
      ResultSelector: { 'count.$': '$.KeyCount' },
      ResultPath: '$.noted',
      Retry: [expect.objectContaining({ ErrorEquals: expect.arrayContaining(['States.Timeout']) })],
      Next: 'small: extracted?',
    });
    expect(states['small: extracted?']).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.noted.count', NumericGreaterThan: 0, Next: 'small: not committed' },
        { Variable: '$.table.watermark', IsPresent: true, Next: 'small: claim the window' },
      ],
      Default: 'small: commit the table',
    });
    expect(states['small: not committed']?.Type).toBe('Succeed');
    expect(states['small: claim the window']).toMatchObject({
      InputPath: '$.table.watermark',
      Next: 'small: commit the table',
    });
    // The commit records the window with the run: a crash after it leaves nothing to do.
    expect(states['small: commit the table']).toMatchObject({
      Parameters: { 'plan.$': '$.table.plan', 'expectedParts.$': '$.table.chunks' },
      End: true,
    });
    expect(states['Advance the watermark']).toBeUndefined();
  });

  it('notes a failed chunk’s or commit’s table and ends its child as a success, so no other table stops', () => {
    // Act
    const states = allStates(build());

    // Assert: a failed child would fail a Distributed Map with States.ExceedToleratedFailureThreshold
    // and stop its other children (https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html)
    expect(states['small: extract']?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'small: name failure' },
    ]);
    expect(states['small: name failure']).toEqual({
      Type: 'Pass',
      Parameters: {
        'table.$': '$.work.plan.table',
        'cause.$':
          "States.Format('Table {}.{} failed in chunk {} with {}: {}', $.work.plan.source, $.work.plan.table, $.work.chunk.index, $.error.Error, $.error.Cause)",
      },
      ResultPath: '$.failure',
      Next: 'small: note failure',
    });
    for (const id of ['small:', 'small: commit']) {
      expect(states[`${id} note failure`]).toMatchObject({
        Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
        Parameters: {
          'Bucket.$': '$.note.bucket',
          'Key.$': "States.Format('{}{}/cause.txt', $.note.prefix, $.failure.table)",
          'Body.$': '$.failure.cause',
        },
        ResultPath: null,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.noteError', Next: `${id} note not written` }],
        Next: `${id} table failed`,
      });
      expect(states[`${id} table failed`]).toEqual({
        Type: 'Pass',
        Parameters: { 'failed.$': '$.failure.table' },
        End: true,
      });
      // A failure that cannot be noted fails the child, and so the Map: never lost.
      expect(states[`${id} note not written`]).toEqual({
        Type: 'Fail',
        Error: 'TableFailed',
        CausePath: '$.failure.cause',
      });
    }
    for (const state of ['small: claim the window', 'small: commit the table']) {
      expect(states[state]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'small: commit name failure' },
      ]);
    }
    expect(states['small: commit name failure']?.Parameters).toEqual({
      'table.$': '$.table.plan.table',
      'cause.$':
        "States.Format('Table {}.{} failed with {}: {}', $.table.plan.source, $.table.plan.table, $.error.Error, $.error.Cause)",
    });
    expect(states['small: chunks']?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'small: map failure' },
    ]);
    expect(states['small: chunks failed']).toEqual({
      Type: 'Fail',
      Error: 'MapFailed',
      CausePath: '$.failure.cause',
    });
    expect(states['small: extract']?.Retry).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ErrorEquals: ['ExtractError', 'ReplicaSessionError', 'SourceUnreachableError', 'Error'],
          JitterStrategy: 'FULL',
        }),
      ]),
    );
  });

  it('ends the run once every pool is done: reads the failure notes back in the run’s history and fails naming the tables, as the snapshot run does', () => {
    // Act
    const states = allStates(build());

    // Assert
    expect(states['Tables by pool']).toMatchObject({
      Type: 'Parallel',
      ResultPath: null,
      Next: 'List the failed tables',
    });
    expect(states['List the failed tables']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      Parameters: { 'Bucket.$': '$.plan.bucket', 'Prefix.$': '$.plan.failures', MaxKeys: 100 },
      ResultPath: '$.failures',
      Next: 'Any table noted?',
    });
    expect(states['Any table noted?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.failures.KeyCount', NumericGreaterThan: 0, Next: 'Read the failed tables' }],
      Default: 'Every table committed',
    });
    // Inline, so its iterations are in the run's history ("Map workflow state",
    // https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html): notifyFailure reads them
    expect(states['Read the failed tables']).toMatchObject({
      ItemsPath: '$.failures.Contents',
      ItemSelector: { 'bucket.$': '$.plan.bucket', 'key.$': '$$.Map.Item.Value.Key' },
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Read a failure note' },
      ResultSelector: { 'results.$': 'States.JsonToString($)' },
      ResultPath: '$.tables',
      Next: 'Any table failed?',
    });
    expect(states['Read a failure note']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' },
      ResultSelector: { 'cause.$': '$.Body' },
      ResultPath: '$.failure',
      Next: 'Name the noted table',
    });
    // The note's key, replica-runs/<source>/<run id>/failures/<table>/cause.txt, names the table.
    expect(states['Name the noted table']).toEqual({
      Type: 'Pass',
      Parameters: {
        'table.$': "States.ArrayGetItem(States.StringSplit($.key, '/'), 4)",
        'cause.$': '$.failure.cause',
      },
      ResultPath: '$.failure',
      Next: 'Failed: table failed',
    });
    expect(states['Failed: table failed']).toEqual({
      Type: 'Pass',
      Parameters: { 'failed.$': '$.failure.table' },
      End: true,
    });
    // The same final states as the snapshot pipeline's (failWhenTablesFailed).
    expect(states['Any table failed?']).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.tables.results', StringMatches: '*{"failed":*', Next: 'Name the failed tables' },
      ],
      Default: 'Every table committed',
    });
    expect(states['Tables failed']).toEqual({
      Type: 'Fail',
      Error: 'TableFailed',
      CausePath: '$.failure.cause',
    });
  });

  it('runs the plan and extract in the VPC, and the commit and advance outside it', () => {
    // Arrange
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    const fns = template.findResources('AWS::Lambda::Function');

    // Act
    const inVpc = (construct: { node: { defaultChild?: unknown } }) =>
      fns[logicalId(fixture, construct)]?.Properties?.VpcConfig !== undefined;

    // Assert
    expect(inVpc(fixture.pipeline.planFunction)).toBe(true);
    expect(inVpc(fixture.pipeline.extractFunction)).toBe(true);
    expect(inVpc(fixture.pipeline.commitFunction)).toBe(false);
    expect(inVpc(fixture.pipeline.advanceFunction)).toBe(false);
  });

  it('opens the replica’s port to the plan and extract functions only', () => {
    // Arrange
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    const replicaGroup = logicalId(fixture, fixture.replica.securityGroup);

    // Act
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => rule.Properties.GroupId['Fn::GetAtt'][0] === replicaGroup,
    );

    // Assert
    const functionGroups = [fixture.pipeline.planFunction, fixture.pipeline.extractFunction].map((fn) =>
      fixture.stack.getLogicalId(fn.connections.securityGroups[0]?.node.defaultChild as never),
    );
    expect(ingress.map((rule) => rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort()).toEqual(
      functionGroups.sort(),
    );
    expect(ingress.map((rule) => [rule.Properties.FromPort, rule.Properties.ToPort])).toEqual([
      [3306, 3306],
      [3306, 3306],
    ]);
  });

  it('lets the advance function read and replace this source’s watermarks only', () => {
    // Arrange
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    const role = fixture.pipeline.advanceFunction.role ?? fail('no role');
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === logicalId(fixture, role)),
    );

    // Act
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    // Assert
    const curated = logicalId(
      fixture,
      fixture.stack.node.findChild('Storage').node.findChild('CuratedBucket'),
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [curated, 'Arn'] }, '/_watermarks/service/*']] },
        },
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: { 'Fn::GetAtt': [curated, 'Arn'] },
          Condition: { StringLike: { 's3:prefix': '_watermarks/service/*' } },
        },
      ]),
    );
    const actions = statements.flatMap((statement: { Action: string | string[] }) =>
      [statement.Action].flat(),
    );
    expect(actions.sort()).toEqual(
      [
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('gives the extract the replica credentials and the salt, and no Glue access', () => {
    // Arrange
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    const role = fixture.pipeline.extractFunction.role ?? fail('no role');

    // Act
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === logicalId(fixture, role)),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    // Assert
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
        },
      ]),
    );
    expect(JSON.stringify(statements)).not.toMatch(/glue:/);
  });

  it('starts on the source’s schedule', () => {
    // Act
    const template = Template.fromStack(build().stack);

    // Assert
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 * * * ? *)',
      Targets: [Match.objectLike({ Input: '{}' })],
    });
  });

  it('refuses a source with no replica-query or incremental table, naming the prop', () => {
    // Arrange
    const config = parsedConfig({
      sources: [validSource({ includeTables: 'listed', tables: [validTable()] })],
    });

    // Act / Assert
    expect(() => build(config)).toThrow(InvalidPropsError);
    expect(() => build(config)).toThrow(/source\.tables.*replica-query or incremental/);
  });

  it('lets the state machine read and write this source’s stored runs only, and start its own Distributed Map children', () => {
    // Arrange
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    const role = fixture.pipeline.stateMachine.role;
    const raw = logicalId(fixture, fixture.stack.node.findChild('Storage').node.findChild('RawBucket'));

    // Act
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === logicalId(fixture, role)),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    // Assert: "IAM policies for using Distributed Map states",
    // https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [raw, 'Arn'] }, '/replica-runs/service/*']] },
        },
        {
          Effect: 'Allow',
          Action: 'states:StartExecution',
          Resource: { Ref: logicalId(fixture, fixture.pipeline.stateMachine) },
        },
        // Listing the failure notes: ListObjectsV2 checks s3:ListBucket on the bucket ("ListObjectsV2",
        // Amazon S3 API Reference), here only for keys under the source's runs.
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: { 'Fn::GetAtt': [raw, 'Arn'] },
          Condition: { StringLike: { 's3:prefix': 'replica-runs/service/*' } },
        },
      ]),
    );
    const s3Statements = statements.filter((statement: { Action: string | string[] }) =>
      [statement.Action].flat().some((action) => action.startsWith('s3:')),
    );
    expect(s3Statements.length).toBeGreaterThan(0);
    for (const statement of s3Statements) {
      expect(JSON.stringify([statement.Resource, statement.Condition ?? null])).toContain(
        'replica-runs/service/*',
      );
    }
  });

  it('deletes each pool’s chunk list after its Map and its table list after its commits, keeping a run whose delete fails', () => {
    // Arrange
    const states = allStates(build());

    // Act
    const deletes = Object.entries(states).filter(
      ([, state]) => state.Resource === 'arn:aws:states:::aws-sdk:s3:deleteObject',
    );

    // Assert: two per pool, each caught into a Pass that ends nothing in failure
    expect(
      deletes.map(([name, state]) => [name, (state.Parameters as { 'Key.$': string })['Key.$']]),
    ).toEqual([
      ['small: delete the chunk list', '$.plan.pools.small.key'],
      ['small: delete the table list', '$.plan.pools.small.tables.key'],
      ['large: delete the chunk list', '$.plan.pools.large.key'],
      ['large: delete the table list', '$.plan.pools.large.tables.key'],
    ]);
    for (const [name, state] of deletes) {
      const next = (state.Catch as { Next: string }[])[0]?.Next ?? '';
      expect([name, states[next]?.Type]).toEqual([name, 'Pass']);
    }
    expect(states['small: commit tables']?.Next).toBe('small: delete the table list');
  });

  it('lets the plan function write this source’s stored runs only', () => {
    // Arrange
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    const role = fixture.pipeline.planFunction.role ?? fail('no role');
    const raw = logicalId(fixture, fixture.stack.node.findChild('Storage').node.findChild('RawBucket'));

    // Act
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === logicalId(fixture, role)),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    // Assert
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [raw, 'Arn'] }, '/replica-runs/service/*']] },
        },
      ]),
    );
    expect(JSON.stringify(statements)).not.toMatch(new RegExp(`"${raw}","Arn"\\]\\},"/\\*"`));
  });

  it('passes the cdk-nag AwsSolutions checks', () => {
    // Arrange
    const fixture = build();

    // Act / Assert
    expect(describeFindings(nagFindings(fixture.stack.node.root as never))).toEqual([]);
  });
});
