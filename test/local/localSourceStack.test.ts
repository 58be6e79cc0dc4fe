import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { loadConfig } from '../../lib/config';
import { FoundationStack } from '../../lib/infra/stacks/FoundationStack';
import { SourceStack } from '../../lib/infra/stacks/SourceStack';
import { localSourceStack } from '../../lib/local/localSourceStack';
import { localFunctionEnvironment, synthesizedDefinition } from '../../lib/local/runStateMachine';
import { parsedConfig, validSource } from '../helpers/configFactory';

const DEMO = loadConfig(join(__dirname, '../../config/local-demo.yaml'));

describe('localSourceStack', () => {
  it('runs the pipeline of the source’s own stack, beside the lake’s foundation, as deployed', () => {
    // Arrange
    const [source] = DEMO.sources;
    if (source === undefined) throw new Error('the demo config has no source');

    // Act
    const { snapshot, replica, database } = localSourceStack(DEMO, source);

    // Assert
    const stack = Stack.of(snapshot?.pipeline ?? fail('no snapshot pipeline'));
    expect(stack).toBeInstanceOf(SourceStack);
    expect(stack.stackName).toBe('demo-source-marketplace');
    const stacks = stack.node.root.node.children.filter((child) => child instanceof Stack);
    expect(stacks.map((child) => child.constructor)).toEqual([FoundationStack, SourceStack]);
    expect((stack as SourceStack).snapshotPipeline).toBe(snapshot?.pipeline);
    expect(replica).toBeUndefined();
    expect(database).toBe('demo_marketplace');
    expect(snapshot?.exportPrefix).toBe('exports/marketplace/');
  });

  it('resolves the foundation’s buckets and the source’s database to their local names', () => {
    // Arrange
    const [source] = DEMO.sources;
    if (source === undefined) throw new Error('the demo config has no source');
    const { snapshot } = localSourceStack(DEMO, source);
    const { pipeline, refs } = snapshot ?? fail('no snapshot pipeline');

    // Act
    const plan = localFunctionEnvironment(pipeline.planFunction, refs);
    const transform = localFunctionEnvironment(pipeline.transformFunction, refs);
    const commit = localFunctionEnvironment(pipeline.commitFunction, refs);
    const definition = JSON.stringify(synthesizedDefinition(pipeline.stateMachine, refs));

    // Assert
    expect(plan).toMatchObject({ RAW_BUCKET: 'raw', GLUE_DATABASE: 'demo_marketplace' });
    expect(transform).toMatchObject({ CURATED_BUCKET: 'curated' });
    expect(commit).toMatchObject({ CURATED_BUCKET: 'curated', GLUE_DATABASE: 'demo_marketplace' });
    expect(definition).toContain('"S3BucketName":"raw"');
  });

  it('builds only the replica pipeline for a source whose tables are all read from the replica', () => {
    // Arrange
    const config = parsedConfig({
      sources: [
        validSource({ defaultMode: 'replica-query', tables: [{ name: 'users', mode: 'replica-query' }] }),
      ],
    });
    const [source] = config.sources;
    if (source === undefined) throw new Error('no source');

    // Act
    const { snapshot, replica } = localSourceStack(config, source);

    // Assert
    expect(snapshot).toBeUndefined();
    expect(Stack.of(replica?.pipeline ?? fail('no replica pipeline'))).toBeInstanceOf(SourceStack);
  });
});
