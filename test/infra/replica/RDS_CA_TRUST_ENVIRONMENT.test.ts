import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { SourceEngine } from '../../../lib/core/types';
import { FoundationStack } from '../../../lib/infra/stacks/FoundationStack';
import { SourceStack } from '../../../lib/infra/stacks/SourceStack';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { TEST_ENV, testApp } from '../../helpers/testApp';

const LAMBDAS_DIR = resolve(__dirname, '../../../lambdas');

/** The Lambda handlers that open sessions on a replica: those importing the database adapters. */
function handlersThatConnectToADatabase(): string[] {
  return readdirSync(LAMBDAS_DIR)
    .filter((name) =>
      /adapters\/database['/]/.test(readFileSync(join(LAMBDAS_DIR, name, 'handler.ts'), 'utf8')),
    )
    .sort();
}

/**
 * The synthesized properties of the source stack's functions that connect to the replica: the
 * replica plan and extract, the snapshot pipeline's list-tables (a source with `includeTables: all`)
 * and the cdc apply's plan.
 */
function replicaFunctions(engine: SourceEngine): Record<string, Record<string, unknown>> {
  const config = parsedConfig({
    // In the primary's VPC, as a source with cdc tables must be.
    network: {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      cidrBlock: '10.20.0.0/16',
      endpoints: 'create',
      routeTableIds: ['rtb-0a1b2c3d4e5f67890', 'rtb-0a1b2c3d4e5f67890'],
    },
    sources: [
      validSource({
        engine,
        includeTables: 'all',
        tables: [
          validTable({ mode: 'replica-query' }),
          validTable({ name: 'orders', mode: 'snapshot-export' }),
          validTable({ name: 'offers', mode: 'cdc', columns: {} }),
        ],
        cdc: {
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf',
          securityGroupId: 'sg-0123456789abcdef0',
        },
      }),
    ],
  });
  const app = testApp();
  const foundation = new FoundationStack(app, 'Foundation', { env: TEST_ENV, config });
  const source = config.sources[0] ?? fail('no source');
  const stack = new SourceStack(app, 'Source', { env: TEST_ENV, config, source, foundation });
  const pipeline = stack.replicaPipeline ?? fail('no replica pipeline');
  const listTables = stack.snapshotPipeline?.listTablesFunction ?? fail('no list-tables function');
  const cdcPlan = stack.cdcApplyPipeline?.planFunction ?? fail('no cdc plan function');
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Properties: Record<string, unknown> }
  >;
  const properties = (fn: IFunction) =>
    resources[stack.getLogicalId(fn.node.defaultChild as never)]?.Properties ??
    fail(`${fn.node.path} missing`);
  return {
    'replica-plan': properties(pipeline.planFunction),
    extract: properties(pipeline.extractFunction),
    'list-tables': properties(listTables),
    'cdc-plan': properties(cdcPlan),
  };
}

describe('RDS CA trust of the functions that connect to a replica', () => {
  it('covers every handler that opens database sessions: the replica plan, the extract, list-tables and the cdc plan', () => {
    // Act
    const handlers = handlersThatConnectToADatabase();

    // Assert: a new handler that connects must get the environment below (and a line here).
    expect(handlers).toEqual(['cdc-plan', 'extract', 'list-tables', 'replica-plan']);
  });

  it.each<SourceEngine>(['mysql', 'postgres'])(
    '%s: the replica plan, extract, list-tables and cdc plan run on Node.js 20+ with NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem, as "Building Lambda functions with Node.js: CA certificate loading" (docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html) requires for RDS certificates',
    (engine) => {
      // Act
      const functions = replicaFunctions(engine);

      // Assert
      expect(Object.keys(functions).sort()).toEqual(handlersThatConnectToADatabase());
      for (const [name, fn] of Object.entries(functions)) {
        // From Node.js 20 on the runtime loads no Amazon CA unless told to.
        const major = Number(/^nodejs(\d+)\.x$/.exec(String(fn.Runtime))?.[1]);
        expect({ name, nodeMajorAtLeast20: major >= 20 }).toEqual({ name, nodeMajorAtLeast20: true });
        const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
        expect({ name, NODE_EXTRA_CA_CERTS: variables.NODE_EXTRA_CA_CERTS }).toEqual({
          name,
          NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
        });
      }
    },
  );
});
