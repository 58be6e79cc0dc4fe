import * as path from 'node:path';
import type { Duration, Size } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * npm's platform for `nodeModules`: Lambda's x86_64 Node.js runtime (Amazon Linux, glibc), so a
 * native module (DuckDB's binding) is Linux's whatever machine synthesizes; from npm's cache first.
 * The lake's own functions install theirs the same way (lib/infra/lambda).
 */
const LAMBDA_NPM_ENVIRONMENT = {
  npm_config_os: 'linux',
  npm_config_cpu: 'x64',
  npm_config_libc: 'glibc',
  npm_config_prefer_offline: 'true',
};

/** Props of {@link integFunction}. */
export interface IntegFunctionProps {
  /** The file under `test/integ/lambdas/` (without `.ts`) that exports `handler`. */
  readonly name: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default - Lambda's 512 MiB */
  readonly ephemeralStorageSize?: Size;
  /**
   * Packages with native code installed into the bundle instead of bundled by esbuild.
   *
   * @default - none
   */
  readonly nodeModules?: readonly string[];
  readonly environment?: Record<string, string>;
  /** @default - not in a VPC */
  readonly vpc?: ec2.IVpc;
  /** @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Whether the function's security group sends anywhere; `false`: open each peer it needs.
   *
   * @default true
   */
  readonly allowAllOutbound?: boolean;
}

/**
 * A function of the integ check itself (seed, send events, count rows, the extract bench): `test/integ/lambdas/<name>.ts`
 * bundled for Node.js 24 like the lake's own functions, with a log group kept one day. CDK makes
 * its role, so in a VPC it gets AWSLambdaVPCAccessExecutionRole.
 */
export function integFunction(
  scope: Construct,
  id: string,
  props: IntegFunctionProps,
): nodejs.NodejsFunction {
  return new nodejs.NodejsFunction(scope, id, {
    entry: path.join(REPO_ROOT, 'test', 'integ', 'lambdas', `${props.name}.ts`),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.X86_64,
    description: props.description,
    memorySize: props.memorySize ?? 512,
    ephemeralStorageSize: props.ephemeralStorageSize,
    timeout: props.timeout,
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    logGroup: new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_DAY }),
    vpc: props.vpc,
    vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    allowAllOutbound: props.vpc ? props.allowAllOutbound : undefined,
    bundling: {
      target: 'node24',
      format: nodejs.OutputFormat.CJS,
      minify: true,
      sourceMap: true,
      externalModules: [],
      nodeModules: props.nodeModules ? [...props.nodeModules] : undefined,
      environment: props.nodeModules ? LAMBDA_NPM_ENVIRONMENT : undefined,
    },
  });
}
