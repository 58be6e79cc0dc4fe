import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { DataLakeConfig } from '../../../lib/config';
import { InvalidPropsError } from '../../../lib/core/errors';
import { SourceReplica } from '../../../lib/infra/source/SourceReplica';
import {
  localFunctionEnvironment,
  runStateMachine,
  synthesizedDefinition,
} from '../../../lib/local/runStateMachine';
import { listTablesSettingsSchema } from '../../../lib/tasks/listTables/listTablesSettingsSchema';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';
import { validSource, validTable } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp, testStack } from '../../helpers/testApp';
import { buildPipeline, type PipelineFixture, pipelineConfig } from './pipelineFixture';

type State = Record<string, unknown> & {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
};

/** The config of the fixture with includeTables: all and an excluded table. */
function allTablesConfig(): DataLakeConfig {
  return pipelineConfig({
    pools: [{ name: 'default', maxConcurrency: 2 }],
    sources: [
      validSource({
        includeTables: 'all',
        excludeTables: ['ssn_vault'],
        tables: [validTable({ pool: 'default', columns: {} })],
      }),
    ],
  });
}

/** The fixture's pipeline with a VPC and a MySQL replica, as the source stack passes them. */
function buildWithReplica(config: DataLakeConfig, stack: Stack = testStack()) {
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
  });
  return { ...buildPipeline(config, { replica, vpc }, stack), replica };
}

function listFunction(fixture: PipelineFixture): IFunction {
  return fixture.pipeline.listTablesFunction ?? fail('no list-tables function');
}

function states(fixture: PipelineFixture): Record<string, State> {
  return synthesizedDefinition(fixture.pipeline.stateMachine).States as unknown as Record<string, State>;
}

const START_EXPORT = 'arn:aws:states:::aws-sdk:rds:startExportTask';

describe('SnapshotPipeline with includeTables: all (deliverable 8 of issue 15)', () => {
  it('lists the tables first, then asks StartExportTask for exactly those: ExportOnly from $.exportTables.exportOnly', () => {
    // Arrange
    const fixture = buildWithReplica(allTablesConfig());

    // Act
    const definition = synthesizedDefinition(fixture.pipeline.stateMachine);
    const all = states(fixture);

    // Assert
    const list = all['List the tables to export'] ?? fail('no list state');
    expect(list.Next).toBe('Snapshot given?');
    expect(list.ResultPath).toBe('$.exportTables');
    expect(definition.StartAt).not.toBe('List the tables to export');
    const starts = Object.values(all).filter((state) => state.Resource === START_EXPORT);
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) {
      expect(start.Parameters?.['ExportOnly.$']).toBe('$.exportTables.exportOnly');
      expect(start.Parameters).not.toHaveProperty('ExportOnly');
    }
  });

  it('passes the list the state machine’s list step returned to StartExportTask, run from the synthesized definition', async () => {
    // Arrange
    const fixture = buildWithReplica(allTablesConfig());
    const started: unknown[] = [];
    const halt = new Error('stop after the export start');

    // Act
    const result = await runStateMachine(
      fixture.pipeline.stateMachine,
      { runId: '20261123T030005Z', snapshotArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:s' },
      {
        lambdas: new Map([
          [listFunction(fixture), async () => ({ exportOnly: ['service.users', 'service.items'] })],
        ]),
        sdk: {
          'sfn:listExecutions': () => ({ Executions: [{ executionArn: 'local', status: 'RUNNING' }] }),
          'rds:startExportTask': (input) => {
            started.push(input);
            throw halt;
          },
        },
      },
    );

    // Assert
    expect(result.status).toBe('FAILED');
    expect(started).toEqual([expect.objectContaining({ ExportOnly: ['service.users', 'service.items'] })]);
  });

  it('runs the list function in the VPC with the replica connection settings its task parses, TLS CAs included', () => {
    // Arrange
    const fixture = buildWithReplica(allTablesConfig());
    const template = Template.fromStack(fixture.stack);
    const fn = listFunction(fixture);

    // Act
    const environment = localFunctionEnvironment(fn);
    const settings = parseTaskSettings(listTablesSettingsSchema, environment);

    // Assert
    expect(settings).toMatchObject({
      REPLICA_ENGINE: 'mysql',
      REPLICA_PORT: 3306,
      REPLICA_DATABASE: 'service',
    });
    expect(environment.NODE_EXTRA_CA_CERTS).toBe('/var/runtime/ca-cert.pem');
    const cfn =
      template.findResources('AWS::Lambda::Function')[
        fixture.stack.getLogicalId(fn.node.defaultChild as never)
      ];
    expect(cfn?.Properties.VpcConfig.SubnetIds).toHaveLength(2);
  });

  it('opens the replica’s port to the list function’s security group', () => {
    // Arrange
    const fixture = buildWithReplica(allTablesConfig());
    const template = Template.fromStack(fixture.stack);
    const replicaGroup = fixture.stack.getLogicalId(fixture.replica.securityGroup.node.defaultChild as never);
    const listGroup = fixture.stack.getLogicalId(
      listFunction(fixture).connections.securityGroups[0]?.node.defaultChild as never,
    );

    // Act
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => rule.Properties.GroupId['Fn::GetAtt'][0] === replicaGroup,
    );

    // Assert
    expect(
      ingress.map((rule) => [
        rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0],
        rule.Properties.FromPort,
      ]),
    ).toEqual([[listGroup, 3306]]);
  });

  it('lets the list function read the source’s credentials secret, and no bucket or Glue', () => {
    // Arrange
    const fixture = buildWithReplica(allTablesConfig());
    const template = Template.fromStack(fixture.stack);
    const role = listFunction(fixture).role ?? fail('no role');
    const roleId = fixture.stack.getLogicalId(role.node.defaultChild as never);

    // Act
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(
        (policy) =>
          policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );

    // Assert
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
    expect(actions.filter((action) => /^(s3|glue|kms):/.test(action))).toEqual([]);
    const secretStatement = statements.find((statement) =>
      [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    expect(secretStatement?.Resource).toBe(allTablesConfig().sources[0]?.credentialsSecretArn);
  });

  it('has no list step with includeTables: listed: ExportOnly is fixed at synth', () => {
    // Arrange
    const fixture = buildWithReplica(pipelineConfig());

    // Act
    const starts = Object.values(states(fixture)).filter((state) => state.Resource === START_EXPORT);

    // Assert
    expect(fixture.pipeline.listTablesFunction).toBeUndefined();
    expect(states(fixture)).not.toHaveProperty(['List the tables to export']);
    for (const start of starts) {
      expect(start.Parameters?.ExportOnly).toEqual(['service.users', 'service.items', 'service.orders']);
    }
  });

  it('refuses includeTables: all without a replica to list the tables on', () => {
    // Act / Assert
    expect(() => buildPipeline(allTablesConfig())).toThrow(InvalidPropsError);
    expect(() => buildPipeline(allTablesConfig())).toThrow(
      /replica: source "service" has includeTables: all, whose runs list the tables to export on the replica/,
    );
  });

  it('passes the cdk-nag AwsSolutions checks', () => {
    // Arrange
    const app = testApp();
    buildWithReplica(allTablesConfig(), new Stack(app, 'Nag', { env: TEST_ENV }));

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });
});
