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
      note: { 'bucket.$': '$.plan.bucket', 'key.$': '$.plan.pools.small.failureKey' },
    });
  });

  it('writes the Maps’ results to S3, so their output is a pointer whatever the number of chunks', () => {
    // Act
    const states = allStates(build());

    // Assert: "ResultWriter (Map)", https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
    for (const map of ['small: chunks', 'large: chunks', 'Commit tables']) {
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

  it('commits each table after all chunks, an incremental one after claiming its window, with nothing after the commit', () => {
    // Act
    const states = allStates(build());

    // Assert
    expect(states['Chunks by pool']?.Next).toBe('Commit tables');
    expect(states['Commit tables']).toMatchObject({
      ItemReader: { Parameters: { 'Bucket.$': '$.plan.bucket', 'Key.$': '$.plan.tables.key' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Incremental?' },
      MaxConcurrency: 4,
    });
    expect(states['Incremental?']).toMatchObject({
      Choices: [{ Variable: '$.table.watermark', IsPresent: true, Next: 'Claim the window' }],
      Default: 'Commit the table',
    });
    expect(states['Claim the window']).toMatchObject({
      InputPath: '$.table.watermark',
      Next: 'Commit the table',
    });
    // The commit records the window with the run: a crash after it leaves nothing to do.
    expect(states['Commit the table']?.End).toBe(true);
    expect(states['Advance the watermark']).toBeUndefined();
  });

  it('ends a failed chunk in a Fail state whose cause names the table and chunk, noted for the parent', () => {
    // Act
    const states = allStates(build());

    // Assert: the child names the failure and notes it where the Map's catch reads it back
    // (a failed child fails a Distributed Map with States.ExceedToleratedFailureThreshold,
    // https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html)
    expect(states['small: name failure']?.Parameters).toEqual({
      'cause.$':
        "States.Format('Table {}.{} failed in chunk {} with {}: {}', $.work.plan.source, $.work.plan.table, $.work.chunk.index, $.error.Error, $.error.Cause)",
    });
    expect(states['small: note failure']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
      Parameters: { 'Bucket.$': '$.note.bucket', 'Key.$': '$.note.key', 'Body.$': '$.failure.cause' },
      Next: 'small: child failed',
    });
    expect(states['small: chunks']?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'small: read failure' },
    ]);
    expect(states['small: read failure']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: { 'Bucket.$': '$.plan.bucket', 'Key.$': '$.plan.pools.small.failureKey' },
      ResultSelector: { 'cause.$': '$.Body' },
      Next: 'small: chunk failed',
    });
    expect(states['small: chunk failed']).toMatchObject({
      Type: 'Fail',
      Error: 'TableFailed',
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
      ]),
    );
    const s3Resources = statements
      .filter((statement: { Action: string | string[] }) =>
        [statement.Action].flat().some((action) => action.startsWith('s3:')),
      )
      .map((statement: { Resource: unknown }) => JSON.stringify(statement.Resource));
    expect(s3Resources.length).toBeGreaterThan(0);
    for (const resource of s3Resources) expect(resource).toContain('/replica-runs/service/*');
  });

  it('deletes each chunk list after its Map and the table list after the commits, keeping a run whose delete fails', () => {
    // Arrange
    const states = allStates(build());

    // Act
    const deletes = Object.entries(states).filter(
      ([, state]) => state.Resource === 'arn:aws:states:::aws-sdk:s3:deleteObject',
    );

    // Assert: one per pool and the table list, each caught into a Pass that ends nothing in failure
    expect(
      deletes.map(([name, state]) => [name, (state.Parameters as { 'Key.$': string })['Key.$']]),
    ).toEqual(expect.arrayContaining([['Delete the table list', '$.plan.tables.key']]));
    expect(deletes.length).toBeGreaterThan(1);
    for (const [name, state] of deletes) {
      const next = (state.Catch as { Next: string }[])[0]?.Next ?? '';
      expect([name, states[next]?.Type]).toEqual([name, 'Pass']);
    }
    expect(states['Commit tables']?.Next).toBe('Delete the table list');
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
