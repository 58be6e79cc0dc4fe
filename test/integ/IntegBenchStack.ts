import { CfnOutput, Duration, Size, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { SourceConfig } from '../../lib/config';
import { replicaConnectionEnvironment } from '../../lib/infra/replica/replicaConnectionEnvironment';
import type { FoundationStack } from '../../lib/infra/stacks/FoundationStack';
import type { SourceStack } from '../../lib/infra/stacks/SourceStack';
import { LAMBDA_QUOTAS } from './checks/LAMBDA_QUOTAS';
import { integFunction } from './integFunction';
import type { ExtractBenchEnvironment } from './lambdas/extractBench';

/** The output naming the bench function, which `npm run integ -- --bench` invokes. */
export const EXTRACT_BENCH_OUTPUT = 'ExtractBenchFunctionName';

/** Props of {@link IntegBenchStack}. */
export interface IntegBenchStackProps extends StackProps {
  /** The lake's VPC and endpoints. */
  readonly foundation: FoundationStack;
  /** The source stack whose replica pipeline's extract function the bench mirrors, and whose replica it reads. */
  readonly source: SourceStack;
  /** That source's config. */
  readonly sourceConfig: SourceConfig;
  /** The read-only login's secret (the source's `credentialsSecretArn`). */
  readonly readerSecret: secretsmanager.ISecret;
}

/**
 * The extract bench of the integ check (`npm run integ -- --bench`): a function that runs
 * `scripts/bench/measureExtract.ts` against the replica with the extract function's memory,
 * timeout and /tmp size (read from the deployed extract's own resource, so they cannot drift), its
 * replica settings (`replicaConnectionEnvironment`, as the replica pipeline sets them) and its
 * network: in the lake's subnets, sending only to the replica's port and the AWS API endpoints.
 */
export class IntegBenchStack extends Stack {
  public readonly extractBench: lambda.IFunction;

  public constructor(scope: Construct, id: string, props: IntegBenchStackProps) {
    super(scope, id, props);
    const { foundation, source, sourceConfig } = props;
    const extract = source.replicaPipeline?.extractFunction.node.defaultChild;
    if (!(extract instanceof lambda.CfnFunction)) {
      throw new Error(`Source stack ${source.stackName} has no replica pipeline extract function to mirror`);
    }
    const { memorySize, timeout } = extract;
    const ephemeralStorage = Stack.of(extract).resolve(extract.ephemeralStorage) as
      | { size?: number }
      | undefined;
    if (memorySize === undefined || timeout === undefined || timeout > LAMBDA_QUOTAS.maxTimeoutSeconds) {
      throw new Error(
        `The extract function has memory ${memorySize} MB and timeout ${timeout} s; the bench needs both, the timeout at most ${LAMBDA_QUOTAS.maxTimeoutSeconds} s`,
      );
    }
    const [host] = source.replica.pipelineHosts;
    if (host === undefined) throw new Error(`Source stack ${source.stackName} has no replica host`);
    const fn = integFunction(this, 'ExtractBench', {
      name: 'extractBench',
      description: 'Integ check: the extract bench (bare driver vs extractChunk) against the replica',
      memorySize,
      timeout: Duration.seconds(timeout),
      ephemeralStorageSize:
        ephemeralStorage?.size === undefined ? undefined : Size.mebibytes(ephemeralStorage.size),
      nodeModules: ['@duckdb/node-api'],
      vpc: foundation.network.vpc,
      vpcSubnets: foundation.network.subnetSelection,
      allowAllOutbound: false,
      environment: {
        ...replicaConnectionEnvironment(sourceConfig, source.replica),
        BENCH_REPLICA_HOST: host,
      } satisfies ExtractBenchEnvironment,
    });
    // Both rules land in this stack (the remote side of a cross-stack rule goes with the peer's group).
    fn.connections.allowToDefaultPort(source.replica, 'Extract bench to the replica');
    foundation.network.allowAwsApisFrom(fn);
    props.readerSecret.grantRead(fn);
    new CfnOutput(this, EXTRACT_BENCH_OUTPUT, { value: fn.functionName });
    this.extractBench = fn;
  }
}
