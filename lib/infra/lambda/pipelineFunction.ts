import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  AssetHashType,
  DockerImage,
  type Duration,
  type RemovalPolicy,
  type Size,
  Validations,
} from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { InvalidPropsError } from '../../core/errors';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { grantLambdaNetworkInterfaces } from '../network/grantLambdaNetworkInterfaces';
import { REPO_ROOT } from './BUNDLE_CACHE_DIR';
import { CachedHandlerBundling } from './CachedHandlerBundling';
import type { BundleModules } from './installBundleModules';

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
    code: handlerCode(scope, id, props),
    handler: 'index.handler',
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
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: props.vpc
      ? 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) and Lambda’s VPC network interfaces (ec2:DescribeNetworkInterfaces works only on *; Lambda manages interfaces it names itself): no narrower resource exists.'
      : 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions.',
  });
  return fn;
}

/**
 * The function's code: `lambdas/<name>/handler.ts` bundled as `NodejsFunction` bundles it for
 * Node.js 24 (esbuild: CJS, minified, source maps, the AWS SDK bundled; `nodeModules` installed
 * with `npm ci` for Lambda's platform), the asset hashed by its output as `NodejsFunction`'s is.
 * The bundle is built once per distinct handler and packages in a synth and reused across synths
 * while nothing it was built from changed ({@link CachedHandlerBundling}).
 */
function handlerCode(scope: Construct, id: string, props: PipelineFunctionProps): lambda.Code {
  const entry = path.join(REPO_ROOT, 'lambdas', props.name, 'handler.ts');
  const modules = props.nodeModules && bundleModules(`${scope.node.path}/${id}`, props.nodeModules);
  return lambda.Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    // The image is never pulled: CachedHandlerBundling always bundles locally, or throws.
    bundling: {
      image: DockerImage.fromRegistry('dummy'),
      local: new CachedHandlerBundling({ entry, modules }),
    },
  });
}

/** The packages to install into a bundle at the versions the project's package.json pins. */
function bundleModules(constructPath: string, names: readonly string[]): BundleModules {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  // NodejsFunction's order: a devDependency pin wins over a dependency's, a peer's over both.
  const pinned = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
  const unknown = names.filter((name) => pinned[name] === undefined);
  if (unknown.length > 0) {
    throw new InvalidPropsError(constructPath, [
      {
        path: 'nodeModules',
        message: `names ${unknown.join(', ')}; allowed: packages the project's package.json lists`,
      },
    ]);
  }
  return {
    dependencies: Object.fromEntries(names.map((name) => [name, pinned[name] as string])),
    lockFile: path.join(REPO_ROOT, 'package-lock.json'),
    environment: { ...LAMBDA_NPM_PLATFORM, ...NPM_PREFER_OFFLINE },
  };
}
