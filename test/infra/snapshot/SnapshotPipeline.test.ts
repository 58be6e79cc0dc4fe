import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { InvalidPropsError } from '../../../lib/core/errors';
import { DELETE_SNAPSHOT_STATES } from '../../../lib/infra/snapshot/exportStates';
import { synthesizedDefinition } from '../../../lib/local/runStateMachine';
import { validSource, validTable } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';
import { buildPipeline, type PipelineFixture, pipelineConfig } from './pipelineFixture';

/** asl-validator 4.0.0 ships no type declarations. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = require('asl-validator') as AslValidator;

type State = Record<string, unknown> & { Type: string };
type States = Record<string, State>;

/** Every state of the definition, nested ones included, by name. */
function allStates(fixture: PipelineFixture): States {
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

function logicalId(fixture: PipelineFixture, construct: iam.IRole | lambda.IFunction): string {
  const child = construct.node.defaultChild;
  if (child === undefined) throw new Error(`${construct.node.path} has no default child`);
  return fixture.stack.getLogicalId(child as never);
}

/** The pipeline config with its source's `snapshot` set. */
function withSnapshot(snapshot: 'latest-automated' | 'fresh-manual', primary?: Record<string, string>) {
  const config = pipelineConfig();
  const [source] = config.sources;
  if (source === undefined) throw new Error('no source');
  const changed = { ...source, snapshot, ...(primary === undefined ? {} : { primary }) };
  return { ...config, sources: [changed] };
}

/** Where each state can go next: Next, Default, every Choice and every Catch. */
function successors(state: State): string[] {
  const choices = (state.Choices as { Next: string }[] | undefined) ?? [];
  const catches = (state.Catch as { Next: string }[] | undefined) ?? [];
  return [state.Next, state.Default, ...choices.map((c) => c.Next), ...catches.map((c) => c.Next)].filter(
    (next): next is string => typeof next === 'string',
  );
}

/** A Task, Parallel or Map without a catch of States.ALL can end the execution by failing. */
function canFailUncaught(state: State): boolean {
  if (!['Task', 'Parallel', 'Map'].includes(state.Type)) return false;
  const catches = (state.Catch as { ErrorEquals: string[] }[] | undefined) ?? [];
  return !catches.some((c) => c.ErrorEquals.includes('States.ALL'));
}

/**
 * The ways out of the execution reachable from `start` without passing any state in `through`:
 * a Fail or Succeed state, an End, or a Task that fails uncaught.
 */
function exitsAvoiding(states: States, start: readonly string[], through: readonly string[]): string[] {
  const exits = new Set<string>();
  const seen = new Set<string>();
  const queue = start.filter((name) => !through.includes(name));
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const state = states[name];
    if (state === undefined) throw new Error(`no state "${name}"`);
    if (state.Type === 'Fail' || state.Type === 'Succeed' || state.End === true) exits.add(name);
    if (canFailUncaught(state)) exits.add(`${name} (uncaught failure)`);
    for (const next of successors(state)) if (!through.includes(next)) queue.push(next);
  }
  return [...exits].sort();
}

describe('SnapshotPipeline', () => {
  it('synthesizes a definition that asl-validator accepts', () => {
    // Arrange
    const fixture = buildPipeline();

    // Act
    const result = aslValidator(synthesizedDefinition(fixture.pipeline.stateMachine));

    // Assert
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('runs one branch per pool whose Map takes the pool’s maxConcurrency', () => {
    // Act
    const states = allStates(buildPipeline());

    // Assert
    expect(states['Tables by pool']?.Type).toBe('Parallel');
    expect(states['small: tables']).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.pools.small',
      MaxConcurrency: 2,
    });
    expect(states['large: tables']).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.pools.large',
      MaxConcurrency: 4,
    });
  });

  it("hands the commit the table's export folder and the raw bucket and export prefix it may delete under", () => {
    // Arrange
    const fixture = buildPipeline();
    const template = Template.fromStack(fixture.stack);

    // Act
    const commit = allStates(fixture)['small: commit'];
    const env = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      fn.Properties.Description?.startsWith('Verifies and commits'),
    )?.Properties.Environment.Variables;

    // Assert
    expect(commit?.Parameters).toMatchObject({
      'tableExport.$': '$.parts.prefix',
      'expectedParts.$': '$.parts.count',
    });
    expect(env).toMatchObject({ EXPORT_PREFIX: 'exports/service/', RAW_BUCKET: expect.anything() });
  });

  it('fans a table past 100 parts out over a Distributed Map that reads the plan’s part list', () => {
    // Act
    const states = allStates(buildPipeline());

    // Assert
    expect(states['small: parts?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.parts.count', NumericLessThanEquals: 100, Next: 'small: inline parts' }],
      Default: 'small: many parts',
    });
    expect(states['small: many parts']).toMatchObject({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.parts.bucket', 'Key.$': '$.parts.listKey' },
      },
      ItemSelector: {
        part: {
          'bucket.$': '$.parts.bucket',
          'key.$': '$$.Map.Item.Value.key',
          'index.$': '$$.Map.Item.Value.index',
        },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
  });

  it('polls the export with a Wait state and the DescribeExportTasks SDK integration, no Lambda', () => {
    // Act
    const states = allStates(buildPipeline());

    // Assert
    expect(states['Start the export']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:rds:startExportTask',
      Next: 'Wait for the export',
    });
    expect(states['Wait for the export']).toMatchObject({
      Type: 'Wait',
      Seconds: 300,
      Next: 'Describe the export',
    });
    expect(states['Describe the export']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:rds:describeExportTasks',
      Next: 'Export status?',
    });
    expect(states['Export status?']).toMatchObject({ Type: 'Choice', Default: 'Wait for the export' });
  });

  it('ends a failed export in a Fail state, and a failed table in its branch, failing the run once every table has had its turn', () => {
    // Act
    const states = allStates(buildPipeline());

    // Assert
    expect(states['Export failed']).toEqual({
      Type: 'Fail',
      Error: 'ExportFailed',
      CausePath: '$.failure.cause',
    });
    expect(states['small: name failure']).toEqual({
      Type: 'Pass',
      Parameters: {
        'table.$': '$.table.table',
        'cause.$':
          "States.Format('Table {}.{} failed with {}: {}', $.table.source, $.table.table, $.error.Error, $.error.Cause)",
      },
      ResultPath: '$.failure',
      Next: 'small: table failed',
    });
    // The table's iteration ends there, a success: the pool's other tables go on.
    expect(states['small: table failed']).toEqual({
      Type: 'Pass',
      Parameters: { 'failed.$': '$.failure.table' },
      End: true,
    });
    expect(states['small: tables']).toMatchObject({
      ResultSelector: { 'results.$': 'States.ArrayUnique($)' },
      End: true,
    });
    expect(states['small: tables']?.ResultPath).toBeUndefined();
    expect(states['small: no tables']).toEqual({ Type: 'Pass', Parameters: { results: [] }, End: true });
    expect(states['Tables by pool']).toMatchObject({
      ResultSelector: { 'results.$': 'States.JsonToString($)' },
      ResultPath: '$.tables',
      Next: 'Any table failed?',
    });
    expect(states['Any table failed?']).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.tables.results', StringMatches: '*{"failed":*', Next: 'Name the failed tables' },
      ],
      Default: 'Every table committed',
    });
    expect(states['Name the failed tables']).toEqual({
      Type: 'Pass',
      Parameters: {
        'cause.$': "States.Format('Tables failed, the others are committed: {}', $.tables.results)",
      },
      ResultPath: '$.failure',
      Next: 'Tables failed',
    });
    expect(states['Tables failed']).toEqual({
      Type: 'Fail',
      Error: 'TableFailed',
      CausePath: '$.failure.cause',
    });
    expect(states['Every table committed']).toEqual({ Type: 'Succeed' });
    for (const name of ['small: inline parts', 'small: many parts', 'small: commit']) {
      expect(states[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'small: name failure' },
      ]);
    }
  });

  it('retries transient Lambda errors with backoff 2, a delay cap and full jitter', () => {
    // Act
    const states = allStates(buildPipeline());

    // Assert
    for (const name of ['Plan the run', 'small: transform', 'small: transform many', 'small: commit']) {
      expect(states[name]?.Retry).toEqual([
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.TooManyRequestsException',
            'Lambda.ClientExecutionTimeoutException',
            'States.Timeout',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
      ]);
    }
  });

  it('gives the state machine role exactly the RDS, KMS, PassRole, S3 and Lambda access it uses (fresh-manual)', () => {
    // Arrange
    const fixture = buildPipeline(withSnapshot('fresh-manual'));
    const { pipeline, exportRole, storage } = fixture;
    const rawBucket = logicalId(fixture, storage.rawBucket as never);
    const key = logicalId(fixture, storage.rawKey as never);
    const arn = (resource: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${resource}`]],
    });
    const invoke = (fn: lambda.IFunction) => ({
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: [
        { 'Fn::GetAtt': [logicalId(fixture, fn), 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(fixture, fn), 'Arn'] }, ':*']] },
      ],
    });

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(fixture, pipeline.stateMachine.role) }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'states:ListExecutions',
            Resource: arn('states:eu-west-1:123456789012:stateMachine:testlake-service-snapshot'),
          },
          {
            Effect: 'Allow',
            Action: 'rds:CreateDBSnapshot',
            Resource: [
              arn('rds:eu-west-1:123456789012:db:service-db'),
              arn('rds:eu-west-1:123456789012:snapshot:testlake-service-*'),
            ],
          },
          {
            Effect: 'Allow',
            Action: 'rds:DescribeDBSnapshots',
            Resource: arn('rds:eu-west-1:123456789012:snapshot:testlake-service-*'),
          },
          // Service Authorization Reference for RDS: DeleteDBSnapshot needs the snapshot resource.
          {
            Effect: 'Allow',
            Action: 'rds:DeleteDBSnapshot',
            Resource: arn('rds:eu-west-1:123456789012:snapshot:testlake-service-*'),
          },
          { Effect: 'Allow', Action: 'rds:StartExportTask', Resource: '*' },
          { Effect: 'Allow', Action: 'rds:DescribeExportTasks', Resource: '*' },
          invoke(pipeline.planFunction),
          invoke(pipeline.commitFunction),
          invoke(pipeline.transformFunction),
          {
            Effect: 'Allow',
            Action: [
              'logs:CreateLogDelivery',
              'logs:GetLogDelivery',
              'logs:UpdateLogDelivery',
              'logs:DeleteLogDelivery',
              'logs:ListLogDeliveries',
              'logs:PutResourcePolicy',
              'logs:DescribeResourcePolicies',
              'logs:DescribeLogGroups',
            ],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: [
              'xray:PutTraceSegments',
              'xray:PutTelemetryRecords',
              'xray:GetSamplingRules',
              'xray:GetSamplingTargets',
            ],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: ['rds:StartExportTask', 'rds:DescribeExportTasks', 'rds:CancelExportTask'],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [logicalId(fixture, exportRole.role), 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Resource: { 'Fn::GetAtt': [key, 'Arn'] },
            Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
          },
          { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: { 'Fn::GetAtt': [key, 'Arn'] } },
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [rawBucket, 'Arn'] }, '/exports/service/*/_datalake/*']],
            },
          },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [key, 'Arn'] } },
        ],
      },
    });
  });

  it('fresh-manual: every way out of the run once its snapshot exists deletes it first', () => {
    // Arrange
    const states = allStates(buildPipeline(withSnapshot('fresh-manual')));
    const take = states['Take a snapshot'] as State;
    const alreadyTaken = (take.Catch as { ErrorEquals: string[]; Next: string }[]).find((c) =>
      c.ErrorEquals.includes('Rds.DbSnapshotAlreadyExistsException'),
    );
    const snapshotExists = [take.Next as string, alreadyTaken?.Next as string];

    // Act
    const undeleted = exitsAvoiding(states, snapshotExists, DELETE_SNAPSHOT_STATES);
    const afterDelete = DELETE_SNAPSHOT_STATES.map((name) => successors(states[name] as State));

    // Assert: no exit avoids the deletion; the deletion itself ends in the run or a failure that names the snapshot
    expect(snapshotExists).toEqual(['Wait for the snapshot', 'Wait for the snapshot']);
    expect(undeleted).toEqual([]);
    expect(afterDelete).toEqual([
      ['Plan the run', 'Plan the run', 'Delete the snapshot: describe the failure'],
      ['Run failed', 'Run failed', 'Delete the snapshot after a failure: describe the failure'],
    ]);
    expect(exitsAvoiding(states, ['Export complete (own snapshot)'], ['Delete the snapshot'])).toEqual([]);
  });

  it('fresh-manual: the proof above finds an exit that skips the deletion when there is one', () => {
    // Arrange: the run's own export failure goes straight to a Fail state
    const states = allStates(buildPipeline(withSnapshot('fresh-manual')));
    const broken: States = {
      ...states,
      'Export ended badly (own snapshot)': { Type: 'Pass', Next: 'Export failed' },
    };

    // Act
    const undeleted = exitsAvoiding(broken, ['Wait for the snapshot'], DELETE_SNAPSHOT_STATES);

    // Assert
    expect(undeleted).toEqual(['Export failed']);
  });

  it('latest-automated: takes no snapshot and deletes none; the find Lambda lists only the database’s snapshots', () => {
    // Arrange
    const fixture = buildPipeline();
    const findId = logicalId(fixture, fixture.pipeline.findSnapshotFunction as lambda.IFunction);
    const arn = (resource: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:eu-west-1:123456789012:${resource}`]],
    });

    // Act
    const states = allStates(fixture);
    const template = Template.fromStack(fixture.stack);

    // Assert
    expect(
      Object.keys(states)
        .filter((name) => /snapshot/i.test(name))
        .sort(),
    ).toEqual([
      'Export the given snapshot',
      'Find the latest automated snapshot',
      'No automated snapshot',
      'Snapshot given?',
    ]);
    expect(states['Find the latest automated snapshot']).toMatchObject({
      Parameters: { source: 'service', instanceIdentifier: 'service-db' },
      ResultPath: '$.exportSource',
      Next: 'Start the export',
      Catch: [{ ErrorEquals: ['NoAutomatedSnapshotError'], Next: 'No automated snapshot' }],
    });
    // Service Authorization Reference for RDS: DescribeDBSnapshots takes the db and snapshot resource types.
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(fixture, fixture.pipeline.findSnapshotFunction?.role as iam.IRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'rds:DescribeDBSnapshots',
            Resource: [arn('db:service-db'), arn('snapshot:*')],
          },
        ]),
      },
    });
    expect(findId).toMatch(/FindSnapshot/);
  });

  it('Aurora: exports a cluster snapshot, never the live cluster; fresh-manual takes and deletes a cluster snapshot', () => {
    // Arrange
    const aurora = { clusterIdentifier: 'service-cluster', securityGroupId: 'sg-0123456789abcdef0' };

    // Act
    const automated = allStates(buildPipeline(withSnapshot('latest-automated', aurora)));
    const fresh = allStates(buildPipeline(withSnapshot('fresh-manual', aurora)));

    // Assert
    expect(automated['Find the latest automated snapshot']).toMatchObject({
      Parameters: { source: 'service', clusterIdentifier: 'service-cluster' },
    });
    expect(fresh['Take a snapshot']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:rds:createDBClusterSnapshot',
      Parameters: {
        DbClusterIdentifier: 'service-cluster',
        'DbClusterSnapshotIdentifier.$': '$.run.exportId',
      },
    });
    expect(fresh['Describe the snapshot']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:rds:describeDBClusterSnapshots',
      ResultSelector: {
        'arn.$': '$.DbClusterSnapshots[0].DbClusterSnapshotArn',
        'status.$': '$.DbClusterSnapshots[0].Status',
      },
    });
    for (const name of DELETE_SNAPSHOT_STATES) {
      expect(fresh[name]).toMatchObject({
        Resource: 'arn:aws:states:::aws-sdk:rds:deleteDBClusterSnapshot',
        Parameters: { 'DbClusterSnapshotIdentifier.$': '$.run.exportId' },
      });
    }
    expect(JSON.stringify([automated, fresh])).not.toContain(':cluster:service-cluster"');
  });

  it('lets the plan step write the part lists of the source’s exports and nothing else in raw', () => {
    // Arrange
    const fixture = buildPipeline();
    const rawBucket = logicalId(fixture, fixture.storage.rawBucket as never);

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(fixture, fixture.pipeline.planFunction.role as iam.IRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: Match.arrayWith(['s3:PutObject']),
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [rawBucket, 'Arn'] }, '/exports/service/*/_datalake/*']],
            },
          },
        ]),
      },
    });
  });

  it('passes the plan step its config in the task input, not in a 4 KB-capped variable', () => {
    // Arrange
    const fixture = buildPipeline();
    const planId = logicalId(fixture, fixture.pipeline.planFunction);

    // Act
    const states = allStates(fixture);
    const template = Template.fromStack(fixture.stack).toJSON() as {
      Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>;
    };

    // Assert
    expect(states['Plan the run']?.Parameters).toEqual({
      config: {
        name: 'testlake',
        pools: [
          { name: 'small', maxConcurrency: 2 },
          { name: 'large', maxConcurrency: 4 },
        ],
        sources: [expect.objectContaining({ name: 'service', tables: expect.any(Array) })],
      },
      source: 'service',
      'runId.$': '$.run.runId',
      'exportId.$': '$.run.exportId',
      'snapshotTime.$': '$.export.task.SnapshotTime',
    });
    expect(Object.keys(template.Resources[planId]?.Properties.Environment.Variables ?? {}).sort()).toEqual([
      'EXPORT_PREFIX',
      'GLUE_DATABASE',
      'NODE_OPTIONS',
      'RAW_BUCKET',
    ]);
  });

  // DescribeExportTasks gives each ExportTask's SnapshotTime, "the time when the snapshot was
  // created" (RDS API Reference, ExportTask): what a snapshot-export table is as of.
  it.each([
    ['latest-automated', 'Describe the export', []],
    ['fresh-manual', 'Describe the export (own snapshot)', ['Delete the snapshot']],
  ] as const)(
    '%s: gives the plan the SnapshotTime of the export task it described, kept in the state on the way',
    (snapshot, describe, between) => {
      // Act
      const states = allStates(buildPipeline(withSnapshot(snapshot)));

      // Assert
      for (const name of ['Describe the export', describe]) {
        expect(states[name]).toMatchObject({
          Parameters: { 'ExportTaskIdentifier.$': '$.run.exportId' },
          ResultSelector: { 'task.$': '$.ExportTasks[0]' },
          ResultPath: '$.export',
        });
      }
      const complete = describe.replace('Describe the export', 'Export complete');
      expect(states[complete]).toEqual({ Type: 'Pass', Next: between[0] ?? 'Plan the run' });
      for (const name of between)
        expect(states[name]).toMatchObject({ ResultPath: null, Next: 'Plan the run' });
      expect(states['Plan the run']?.Parameters).toMatchObject({
        'snapshotTime.$': '$.export.task.SnapshotTime',
      });
    },
  );

  it('gives the plan its raw bucket, export prefix and Glue database as settings', () => {
    // Arrange
    const fixture = buildPipeline();
    const planId = logicalId(fixture, fixture.pipeline.planFunction);

    // Act
    const template = Template.fromStack(fixture.stack).toJSON() as {
      Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>;
    };

    // Assert
    expect(template.Resources[planId]?.Properties.Environment.Variables).toMatchObject({
      RAW_BUCKET: { Ref: fixture.stack.getLogicalId(fixture.storage.rawBucket.node.defaultChild as never) },
      EXPORT_PREFIX: 'exports/service/',
      GLUE_DATABASE: { Ref: 'DatabaseB269D8BB' },
    });
  });

  it('gives the transform its curated bucket as a setting and each part only the plan and the part', () => {
    // Arrange
    const fixture = buildPipeline();
    const transformId = logicalId(fixture, fixture.pipeline.transformFunction);
    const part = (key: string, index: string) => ({
      'plan.$': '$.table',
      part: { 'bucket.$': '$.parts.bucket', 'key.$': key, 'index.$': index },
    });

    // Act
    const states = allStates(fixture);
    const template = Template.fromStack(fixture.stack).toJSON() as {
      Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>;
    };

    // Assert
    expect(template.Resources[transformId]?.Properties.Environment.Variables).toMatchObject({
      CURATED_BUCKET: {
        Ref: fixture.stack.getLogicalId(fixture.storage.curatedBucket.node.defaultChild as never),
      },
      MASKING_SALT_SECRET_ARN: { Ref: expect.stringMatching(/^Salt/) },
    });
    expect(states['small: inline parts']?.ItemSelector).toEqual(
      part('$$.Map.Item.Value', '$$.Map.Item.Index'),
    );
    expect(states['small: many parts']?.ItemSelector).toEqual(
      part('$$.Map.Item.Value.key', '$$.Map.Item.Value.index'),
    );
  });

  it('sizes the plan for reading Parquet footers: 1024 MiB and the default /tmp (it downloads no part)', () => {
    // Arrange
    const fixture = buildPipeline();
    const planId = logicalId(fixture, fixture.pipeline.planFunction);

    // Act
    const template = Template.fromStack(fixture.stack).toJSON() as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };

    // Assert
    const plan = template.Resources[planId]?.Properties;
    expect(plan?.MemorySize).toBe(1024);
    expect(plan?.EphemeralStorage).toBeUndefined();
  });

  it('tells the commit step how many runs to keep, from storage.curatedRunsToKeep', () => {
    // Arrange
    const fixture = buildPipeline(pipelineConfig({ storage: { curatedRunsToKeep: 3 } }));

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Verifies and commits'),
      Environment: {
        Variables: Match.objectLike({ CURATED_RUNS_TO_KEEP: '3', GLUE_DATABASE: Match.anyValue() }),
      },
    });
  });

  it('lets the commit step use Glue on the source database and its tables only', () => {
    // Arrange
    const fixture = buildPipeline();
    const database = { Ref: 'DatabaseB269D8BB' };
    const glueArn = (...rest: unknown[]) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...rest]],
    });
    const prefix = ':glue:eu-west-1:123456789012:';

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(fixture, fixture.pipeline.commitFunction.role as iam.IRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: [
              'glue:GetDatabase',
              'glue:GetTable',
              'glue:GetTables',
              'glue:GetPartitions',
              'glue:CreateTable',
              'glue:UpdateTable',
              'glue:DeleteTable',
              'glue:GetPartition',
              'glue:BatchCreatePartition',
              'glue:BatchDeletePartition',
            ],
            Resource: [
              glueArn(`${prefix}catalog`),
              glueArn(`${prefix}database/`, database),
              glueArn(`${prefix}table/`, database, '/*'),
            ],
          },
        ]),
      },
    });
  });

  it('sizes the transform for DuckDB: x86_64 Node 24, 3008 MiB, 10 GiB of /tmp, traced', () => {
    // Arrange
    const fixture = buildPipeline();

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      MemorySize: 3008,
      Timeout: 900,
      EphemeralStorage: { Size: 10240 },
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ MASKING_SALT_SECRET_ARN: Match.anyValue() }) },
    });
  });

  it('starts on the source’s schedule with an empty input', () => {
    // Act
    const template = Template.fromStack(buildPipeline().stack);

    // Assert
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Targets: [Match.objectLike({ Input: '{}' })],
    });
  });

  it('starts on the instance’s automated snapshots, passing the snapshot ARN', () => {
    // Act
    const template = Template.fromStack(buildPipeline(undefined, { startOnAutomatedSnapshot: true }).stack);

    // Assert
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.rds'],
        'detail-type': ['RDS DB Snapshot Event'],
        detail: {
          EventID: [{ suffix: 'RDS-EVENT-0091' }],
          SourceIdentifier: [{ prefix: 'rds:service-db-' }],
        },
      },
      Targets: [
        Match.objectLike({
          InputTransformer: Match.objectLike({ InputPathsMap: { 'detail-SourceArn': '$.detail.SourceArn' } }),
        }),
      ],
    });
  });

  it('logs ALL events, without execution data, to a KMS-encrypted log group, with tracing', () => {
    // Arrange
    const fixture = buildPipeline();
    const logKey = logicalId(fixture, fixture.pipeline.logKey as never);

    // Act
    const template = Template.fromStack(fixture.stack);

    // Assert
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logKey, 'Arn'] },
      RetentionInDays: 90,
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'testlake-service-snapshot',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('refuses a source with no snapshot-export table, naming the prop', () => {
    // Arrange
    const config = pipelineConfig({
      sources: [
        validSource({
          includeTables: 'listed',
          defaultMode: 'replica-query',
          tables: [validTable({ pool: 'small' })],
        }),
      ],
    });

    // Act / Assert
    expect(() => buildPipeline(config)).toThrow(InvalidPropsError);
    expect(() => buildPipeline(config)).toThrow(
      /source\.tables: source "service" has no table in mode snapshot-export/,
    );
  });

  it('passes the cdk-nag AwsSolutions checks', () => {
    // Arrange
    const app = testApp();
    buildPipeline(undefined, { startOnAutomatedSnapshot: true }, new Stack(app, 'Nag', { env: TEST_ENV }));

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});
