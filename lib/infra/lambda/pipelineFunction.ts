import * as path from 'node:path';
import { type Duration, type RemovalPolicy, type Size, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { grantLambdaNetworkInterfaces } from '../network/grantLambdaNetworkInterfaces';

/** The repository root: where `lambdas/` and the lockfile the bundles install from live. */
const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The npm platform of Lambda's x86_64 Node.js runtime (Amazon Linux, glibc). npm picks
 * the optional platform package of a native module (DuckDB's `@duckdb/node-bindings-*`)
 * from these, so the bundle gets the Linux binding even when synthesized on a Mac.
 */
const LAMBDA_NPM_PLATFORM = { npm_config_os: 'linux', npm_config_cpu: 'x64', npm_config_libc: 'glibc' };

/**
 * npm installs `nodeModules` into the bundle from its cache first, so a synth works offline
 * once `npm ci` has run on an x86_64 Linux machine (the cache then holds DuckDB's Linux binding).
 */
const NPM_PREFER_OFFLINE = { npm_config_prefer_offline: 'true' };

/** Props of {@link pipelineFunction}. */
export interface PipelineFunctionProps {
  /** The folder under `lambdas/` whose `handler.ts` exports `handler`. */
  readonly name: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default - Lambda's 512 MiB */
  readonly ephemeralStorageSize?: Size;
  readonly environment: Record<string, string>;
  /**
   * Packages with native code installed into the bundle instead of bundled by esbuild.
   *
   * @default - none
   */
  readonly nodeModules?: readonly string[];
  /** @default - no reservation; the state machine's Map concurrency bounds the function */
  readonly reservedConcurrentExecutions?: number;
  /** How long the function's log group keeps events. */
  readonly logRetention: logs.RetentionDays;
  /** The key the function's log group is encrypted with. */
  readonly logEncryptionKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
  /**
   * The pipeline the function belongs to, named in its role's description.
   *
   * @default 'snapshot'
   */
  readonly pipeline?: string;
  /**
   * The IAM path of the function's role. Zone keys let roles decrypt by path: a function that
   * reads raw data needs the lake's raw path (`lakeRolePaths(lake).raw`).
   *
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * The VPC the function runs in, for steps that reach a database or Kafka. Its security group
   * allows no egress: open each peer it needs (`replica.allowConnectionsFrom(fn)`,
   * `network.allowAwsApisFrom(fn)`).
   *
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The subnets of `vpc` the function's network interfaces go in.
   *
   * @default - the VPC's private subnets, as Lambda chooses them
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * One Lambda of the pipeline: `lambdas/<name>/handler.ts` bundled for Node.js 24 on
 * x86_64, with X-Ray tracing, its own encrypted log group with a retention, and its
 * own role that may write only to that log group (no AWS managed policy) and, in a VPC, manage
 * the network interfaces Lambda attaches it with, behind a security group that sends nothing until
 * its peers are opened. The AWS SDK
 * is bundled (not taken from the runtime) so the pinned version runs.
 *
 * @example
 * ```ts
 * const plan = pipelineFunction(this, 'Plan', { name: 'plan', description: 'Plans a run', ... });
 * ```
 */
export function pipelineFunction(
  scope: Construct,
  id: string,
  props: PipelineFunctionProps,
): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention,
    encryptionKey: props.logEncryptionKey,
    removalPolicy: props.removalPolicy,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the ${props.name} step of the ${props.pipeline ?? 'snapshot'} pipeline`,
    path: props.rolePath,
  });
  acknowledgeGrantWildcards(
    role,
    logGroup.grantWrite(role),
    'Writing log streams of this function’s own log group: the wildcard names its streams.',
  );
  if (props.vpc) grantLambdaNetworkInterfaces(role);

  const fn = new nodejs.NodejsFunction(scope, id, {
    entry: path.join(REPO_ROOT, 'lambdas', props.name, 'handler.ts'),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    // Node.js 20 is deprecated in Lambda (creation ends 2027-02); the bundle is plain CJS and
    // DuckDB's binding uses Node-API, so the code tested on Node 20 runs unchanged on 24.
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.X86_64,
    description: props.description,
    memorySize: props.memorySize,
    timeout: props.timeout,
    ephemeralStorageSize: props.ephemeralStorageSize,
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    role,
    vpc: props.vpc,
    vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    // Lambda's default group sends anywhere; each peer is opened where the function is wired.
    allowAllOutbound: props.vpc ? false : undefined,
    bundling: {
      target: 'node24',
      format: nodejs.OutputFormat.CJS,
      minify: true,
      sourceMap: true,
      externalModules: [],
      nodeModules: props.nodeModules ? [...props.nodeModules] : undefined,
      environment: props.nodeModules ? { ...LAMBDA_NPM_PLATFORM, ...NPM_PREFER_OFFLINE } : undefined,
    },
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: props.vpc
      ? 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) and Lambda’s VPC network interfaces (ec2:DescribeNetworkInterfaces works only on *; Lambda manages interfaces it names itself): no narrower resource exists.'
      : 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions.',
  });
  return fn;
}
