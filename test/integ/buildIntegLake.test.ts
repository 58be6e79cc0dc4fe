import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TEST_ENV, testApp } from '../helpers/testApp';
import { buildIntegLake, INTEG_EVENT_COUNT, INTEG_WAITS, type IntegLake } from './buildIntegLake';
import { LAMBDA_QUOTAS } from './checks/LAMBDA_QUOTAS';
import { expectedMatcher } from './expectedMatcher';

/** The synthesized check, built once: a synth of six stacks takes a few seconds. */
let built: IntegLake;
let assertions: Template;

beforeAll(() => {
  const app = testApp();
  built = buildIntegLake(app, TEST_ENV);
  app.synth();
  assertions = Template.fromStack(assertionStack(built));
});

function assertionStack(lake: IntegLake): Stack {
  const stack = lake.test.node.root.node
    .findAll()
    .find((node) => Stack.isStack(node) && node.stackName === 'dlinteg-assertions');
  if (stack === undefined || !Stack.isStack(stack)) throw new Error('no assertion stack');
  return stack;
}

/** The `expected` of every assertion calling `api`, in synth order. */
function expectations(api: string): string[] {
  const calls = assertions.findResources(`Custom::DeployAssert@SdkCall${api}`);
  return Object.values(calls)
    .map((resource) => resource.Properties.expected)
    .filter((expected): expected is string => typeof expected === 'string');
}

/** Whether a deployed assertion with `expected` would pass on `actual`. */
function passes(expected: string, actual: unknown): boolean {
  return !expectedMatcher(expected).test(actual).hasFailed();
}

describe('the integ check app', () => {
  it('deploys the source database between the foundation (its VPC) and the source stack (its replica)', () => {
    const { lake, sourceDatabase, probes } = built;
    const [source] = lake.sources;
    expect(sourceDatabase.dependencies).toContain(lake.foundation);
    expect(source?.dependencies).toContain(sourceDatabase);
    expect(probes.dependencies).toEqual(expect.arrayContaining([lake.foundation, lake.events]));
  });

  it('creates the smallest seeded PostgreSQL source with automated backups, deleted with its stack', () => {
    const template = Template.fromStack(built.sourceDatabase);
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        DBInstanceIdentifier: 'dlinteg-marketplace',
        DBInstanceClass: 'db.t4g.micro',
        Engine: 'postgres',
        DBName: 'marketplace',
        // "Can't be set to 0 if the DB instance is a source to read replicas": RDS API reference,
        // CreateDBInstance BackupRetentionPeriod. The lake makes a read replica of this instance.
        BackupRetentionPeriod: 1,
        DeletionProtection: false,
        StorageEncrypted: true,
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' }) },
      VpcConfig: Match.anyValue(),
    });
    template.resourceCountIs('AWS::CloudFormation::CustomResource', 1);
  });

  it('gives the lake the reader secret the seed fills, imported from its own stack (the foundation names it too)', () => {
    const [source] = built.lake.sources;
    if (source === undefined) throw new Error('no source stack');
    const template = JSON.stringify(Template.fromStack(source).toJSON());
    const exportNames = Object.values(Template.fromStack(built.readerSecret).toJSON().Outputs ?? {})
      .map((output) => JSON.stringify(output))
      .filter((output) => output.includes('ReaderSecret'))
      .map((output) => /"Export":\{"Name":"([^"]+)"/.exec(output)?.[1]);
    expect(exportNames).toHaveLength(1);
    expect(template).toContain(`"Fn::ImportValue":"${exportNames[0]}"`);
    Template.fromStack(source).hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: Match.anyValue(),
      DBInstanceClass: 'db.t4g.micro',
      DeletionProtection: false,
    });
  });

  it('leaves nothing behind: no resource of any stack is retained on delete', () => {
    const stacks = [
      built.lake.foundation,
      ...built.lake.sources,
      ...(built.lake.events ? [built.lake.events] : []),
      built.readerSecret,
      built.sourceDatabase,
      built.probes,
    ];
    const retained = stacks.flatMap((stack) =>
      Object.entries(Template.fromStack(stack).toJSON().Resources ?? {})
        .filter(([, resource]) =>
          ['Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(
            (resource as { DeletionPolicy?: string }).DeletionPolicy ?? '',
          ),
        )
        .map(([id]) => `${stack.stackName}/${id}`),
    );
    expect(retained).toEqual([]);
  });

  it('keeps every wait under CloudFormation’s one hour per custom resource (ServiceTimeout ≤ 3600 s)', () => {
    for (const wait of Object.values(INTEG_WAITS))
      expect(wait.totalTimeout.toSeconds()).toBeLessThanOrEqual(3600);
  });

  it('starts both state machines and passes only when each execution SUCCEEDED', () => {
    expect(
      Object.keys(assertions.findResources('Custom::DeployAssert@SdkCallStepFunctionsstartExecution')),
    ).toHaveLength(2);
    const finished = expectations('StepFunctionsdescribeExecution');
    expect(finished).toHaveLength(2);
    for (const expected of finished) {
      expect(passes(expected, { status: 'SUCCEEDED', executionArn: 'arn' })).toBe(true);
      expect(passes(expected, { status: 'FAILED' })).toBe(false);
      expect(passes(expected, { status: 'RUNNING' })).toBe(false);
    }
  });

  it('passes the row counts only when Athena shows exactly the seeded rows of each pipeline’s tables', () => {
    const [snapshot, replica, archive] = expectations('Lambdainvoke').filter((expected) =>
      expected.includes('counts'),
    );
    const payload = (counts: Record<string, number>) => ({
      StatusCode: 200,
      Payload: JSON.stringify({ counts }),
    });
    expect(passes(snapshot ?? '', payload({ users: 400, items: 900, payments: 1000 }))).toBe(true);
    expect(passes(snapshot ?? '', payload({ users: 399, items: 900, payments: 1000 }))).toBe(false);
    expect(passes(replica ?? '', payload({ orders: 1200, chat_messages: 1500 }))).toBe(true);
    expect(passes(replica ?? '', payload({ orders: 1200 }))).toBe(false);
    expect(passes(archive ?? '', payload({ app_events: INTEG_EVENT_COUNT }))).toBe(true);
    expect(passes(archive ?? '', payload({ app_events: INTEG_EVENT_COUNT - 1 }))).toBe(false);
    // A function error is a payload too; it never passes.
    expect(
      passes(snapshot ?? '', { FunctionError: 'Unhandled', Payload: '{"errorType":"QueryFailedError"}' }),
    ).toBe(false);
  });

  it('passes the send only when the client SDK delivered every event', () => {
    const [sent] = expectations('Lambdainvoke').filter((expected) => expected.includes('sent'));
    const stats = (failed: number, retried: number) => ({
      Payload: JSON.stringify({ sent: INTEG_EVENT_COUNT, failed, retried, buffered: 0 }),
    });
    expect(passes(sent ?? '', stats(0, 3))).toBe(true);
    expect(passes(sent ?? '', stats(1, 0))).toBe(false);
  });
});

describe('the integ check app with the extract bench (npm run integ -- --bench)', () => {
  let benched: IntegLake;

  beforeAll(() => {
    const app = testApp();
    benched = buildIntegLake(app, TEST_ENV, { benchRows: 1_000_000 });
    app.synth();
  });

  type Resource = { Type: string; Properties: Record<string, unknown> };

  /** The only Lambda function of `stack` whose description starts with `description`. */
  function lambdaFunction(stack: Stack, description: string): Record<string, unknown> {
    const found = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).filter(
      (resource) => String((resource as Resource).Properties.Description).startsWith(description),
    );
    expect(found).toHaveLength(1);
    return (found[0] as Resource).Properties;
  }

  function benchStack(): Stack {
    if (benched.bench === undefined) throw new Error('no bench stack');
    return benched.bench;
  }

  function sourceStack(): Stack {
    const [source] = benched.lake.sources;
    if (source === undefined) throw new Error('no source stack');
    return source;
  }

  const extract = () => lambdaFunction(sourceStack(), 'Extracts one chunk');
  const bench = () => lambdaFunction(benchStack(), 'Integ check: the extract bench');

  it('runs with the extract function’s memory, timeout and /tmp, within Lambda’s quotas (128 to 10,240 MB, 900 s, /tmp up to 10,240 MB)', () => {
    const { MemorySize, Timeout, EphemeralStorage } = bench();
    expect({ MemorySize, Timeout, EphemeralStorage }).toEqual({
      MemorySize: extract().MemorySize,
      Timeout: extract().Timeout,
      EphemeralStorage: extract().EphemeralStorage,
    });
    expect(MemorySize).toBeGreaterThanOrEqual(LAMBDA_QUOTAS.memoryMb.min);
    expect(MemorySize).toBeLessThanOrEqual(LAMBDA_QUOTAS.memoryMb.max);
    expect(Timeout).toBeLessThanOrEqual(LAMBDA_QUOTAS.maxTimeoutSeconds);
    expect((EphemeralStorage as { Size: number }).Size).toBeGreaterThanOrEqual(LAMBDA_QUOTAS.tmpMb.min);
    expect((EphemeralStorage as { Size: number }).Size).toBeLessThanOrEqual(LAMBDA_QUOTAS.tmpMb.max);
  });

  it('reaches the replica as the extract does: its replica settings and RDS CAs, in its subnets, and the replica’s address', () => {
    const extractEnv = (extract().Environment as { Variables: Record<string, unknown> }).Variables;
    const benchEnv = (bench().Environment as { Variables: Record<string, unknown> }).Variables;
    const replicaKeys = Object.keys(extractEnv).filter((key) =>
      /^(REPLICA_|CREDENTIALS_|NODE_EXTRA_CA)/.test(key),
    );
    expect(replicaKeys).toHaveLength(8);
    for (const key of replicaKeys) expect([key, benchEnv[key]]).toEqual([key, extractEnv[key]]);
    expect(JSON.stringify(benchEnv.BENCH_REPLICA_HOST)).toMatch(/Fn::ImportValue.*Replica/);
    expect((bench().VpcConfig as { SubnetIds: unknown }).SubnetIds).toEqual(
      (extract().VpcConfig as { SubnetIds: unknown }).SubnetIds,
    );
  });

  it('sends only to the replica’s port and the AWS API endpoints; both replica rules live in the bench stack', () => {
    const template = Template.fromStack(benchStack());
    const group = template.findResources('AWS::EC2::SecurityGroup');
    expect(Object.keys(group)).toHaveLength(1);
    const [groupId] = Object.keys(group);
    const inline = Object.values(group)[0]?.Properties.SecurityGroupEgress as Record<string, unknown>[];
    const separate = Object.values(
      template.findResources('AWS::EC2::SecurityGroupEgress', {
        Properties: { GroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] } },
      }),
    ).map((rule) => rule.Properties as Record<string, unknown>);
    const egress = [...inline, ...separate];
    expect(egress.map((rule) => rule.FromPort).sort()).toEqual([443, 443, 5432]);
    expect(
      JSON.stringify(separate.find((rule) => rule.FromPort === 5432)?.DestinationSecurityGroupId),
    ).toMatch(/Fn::ImportValue.*dlinteg-source-marketplace/);
    expect(JSON.stringify(egress)).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] },
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('dlinteg-source-marketplace') },
    });
  });

  it('may read the reader secret and nothing else of the lake', () => {
    Template.fromStack(benchStack()).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('dlinteg-reader-secret') },
          }),
        ],
      },
    });
  });

  it('has the seed write the bench table with the rows asked for, in a run that may take Lambda’s 900 s', () => {
    const seed = lambdaFunction(benched.sourceDatabase, 'Seeds the integ check source database');
    expect((seed.Environment as { Variables: Record<string, unknown> }).Variables.BENCH_ROWS).toBe('1000000');
    expect(seed.Timeout).toBe(900);
  });

  it('outputs the bench function’s name for npm run integ, and deploys it with the check (a test case)', () => {
    Template.fromStack(benchStack()).hasOutput('ExtractBenchFunctionName', {
      Value: { Ref: Match.stringLikeRegexp('ExtractBench') },
    });
    expect(benchStack().stackName).toBe('dlinteg-bench');
    expect(benchStack().dependencies).toEqual(
      expect.arrayContaining([sourceStack(), benched.lake.foundation]),
    );
  });

  it('adds no bench without --bench: no bench stack, no bench table in the seed', () => {
    expect(built.bench).toBeUndefined();
    const seed = lambdaFunction(built.sourceDatabase, 'Seeds the integ check source database');
    expect((seed.Environment as { Variables: Record<string, unknown> }).Variables).not.toHaveProperty(
      'BENCH_ROWS',
    );
    expect(seed.Timeout).toBe(300);
  });
});
