import { Match, Template } from 'aws-cdk-lib/assertions';
import type { DataLakeConfig } from '../../../lib/config';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { SourceStack } from '../../../lib/infra/stacks/SourceStack';
import { synthesizedDefinition } from '../../../lib/local/runStateMachine';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** Pools small (2) and large (4); source `service` with a snapshot table in each pool. */
function snapshotConfig(): DataLakeConfig {
  return parsedConfig({
    pools: [
      { name: 'small', maxConcurrency: 2 },
      { name: 'large', maxConcurrency: 4 },
    ],
    sources: [
      validSource({
        includeTables: 'listed',
        tables: [validTable({ pool: 'small' }), validTable({ name: 'orders', pool: 'large', columns: {} })],
      }),
    ],
  });
}

function sourceStack(config: DataLakeConfig) {
  const app = testApp();
  const foundation = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config });
  const source = config.sources[0] ?? fail('no source');
  const stack = new SourceStack(app, 'Source', { env: TEST_ENV, config, source, foundation });
  return { app, foundation, stack };
}

describe('SourceStack', () => {
  it('builds the snapshot pipeline of a source with snapshot-export tables', () => {
    // Act
    const { stack } = sourceStack(snapshotConfig());

    // Assert
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'testlake-service-snapshot',
    });
    expect(stack.snapshotPipeline).toBeDefined();
  });

  it('builds only the replica pipeline for a source whose tables are all read from the replica', () => {
    // Arrange
    const config = parsedConfig({
      sources: [
        validSource({ includeTables: 'listed', defaultMode: 'replica-query', tables: [validTable()] }),
      ],
    });

    // Act
    const { stack } = sourceStack(config);

    // Assert
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'testlake-service-replica',
    });
    expect(stack.snapshotPipeline).toBeUndefined();
    expect(stack.replicaPipeline).toBeDefined();
  });

  it('builds both pipelines for a source with snapshot and incremental tables', () => {
    // Arrange
    const config = parsedConfig({
      sources: [
        validSource({
          includeTables: 'listed',
          tables: [
            validTable(),
            validTable({ name: 'orders', mode: 'incremental', watermarkColumn: 'updated_at', columns: {} }),
          ],
        }),
      ],
    });

    // Act
    const { stack } = sourceStack(config);

    // Assert
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    expect(stack.snapshotPipeline).toBeDefined();
    expect(stack.replicaPipeline).toBeDefined();
  });

  it('passes cdk-nag AwsSolutions with the replica pipeline across the two stacks', () => {
    // Arrange
    const config = parsedConfig({
      sources: [
        validSource({ includeTables: 'listed', defaultMode: 'replica-query', tables: [validTable()] }),
      ],
    });
    const { app } = sourceStack(config);

    // Act / Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });

  it('gives the export role to the pipeline: the state machine passes that role to RDS export only', () => {
    // Arrange
    const { stack } = sourceStack(snapshotConfig());
    const roleId = stack.getLogicalId(stack.exportRole.role.node.defaultChild as never);

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [roleId, 'Arn'] },
            Condition: {
              StringEquals: { 'iam:PassedToService': ['export.rds.amazonaws.com', 'rds.amazonaws.com'] },
            },
          },
        ]),
      },
    });
  });

  it('holds the source’s own Glue database, so removing the source removes its database with its stack', () => {
    // Act
    const template = Template.fromStack(sourceStack(snapshotConfig()).stack);

    // Assert: the database is here, and the commit Lambda names it from this stack
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: 'testlake_service' }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Verifies and commits'),
      Environment: {
        Variables: Match.objectLike({
          GLUE_DATABASE: { Ref: Match.stringLikeRegexp('^Catalogtestlakeservice') },
          CURATED_BUCKET: { 'Fn::ImportValue': Match.stringLikeRegexp('CuratedBucket') },
        }),
      },
    });
  });

  it('salts the transform’s hash mask with the foundation’s secret', () => {
    // Act
    const template = Template.fromStack(sourceStack(snapshotConfig()).stack);

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Curates one service export part'),
      Environment: {
        Variables: Match.objectLike({
          MASKING_SALT_SECRET_ARN: { 'Fn::ImportValue': Match.stringLikeRegexp('MaskingSalt') },
        }),
      },
    });
  });

  it('sizes each pool branch’s table Map by the pool’s maxConcurrency', () => {
    // Arrange
    const { stack } = sourceStack(snapshotConfig());
    const pipeline = stack.snapshotPipeline ?? fail('no pipeline');

    // Act
    const { States } = synthesizedDefinition(pipeline.stateMachine) as unknown as {
      States: Record<string, { Branches?: { States: Record<string, unknown> }[] }>;
    };
    const branches = States['Tables by pool']?.Branches ?? [];

    // Assert
    expect(
      branches.map((branch) => branch.States['small: tables'] ?? branch.States['large: tables']),
    ).toEqual([
      expect.objectContaining({ Type: 'Map', ItemsPath: '$.pools.small', MaxConcurrency: 2 }),
      expect.objectContaining({ Type: 'Map', ItemsPath: '$.pools.large', MaxConcurrency: 4 }),
    ]);
  });

  it('passes cdk-nag AwsSolutions with the pipeline across the two stacks', () => {
    // Arrange
    const { app } = sourceStack(snapshotConfig());

    // Act / Assert
    expect(describeFindings(nagFindings(app))).toEqual([]);
  });
});
