import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { InvalidPropsError } from '../../../lib/core/errors';
import { REPO_ROOT } from '../../../lib/infra/lambda/BUNDLE_CACHE_DIR';
import { type PipelineFunctionProps, pipelineFunction } from '../../../lib/infra/lambda/pipelineFunction';
import { TEST_ENV, testStack } from '../../helpers/testApp';

/** A stack whose assets are really bundled (template tests skip bundling), in a fresh outdir. */
function bundlingStack(outdir: string): Stack {
  return new Stack(new App({ outdir, builtinCloudFormationValidation: false }), 'Bundled', { env: TEST_ENV });
}

function props(stack: Stack, id: string, name: string, nodeModules?: string[]): PipelineFunctionProps {
  return {
    name,
    description: name,
    memorySize: 256,
    timeout: Duration.minutes(1),
    environment: {},
    nodeModules,
    logRetention: logs.RetentionDays.ONE_MONTH,
    logEncryptionKey: new kms.Key(stack, `${id}Key`),
    removalPolicy: RemovalPolicy.DESTROY,
  };
}

/**
 * The function pipelineFunction built before it cached bundles: NodejsFunction bundling
 * `lambdas/<name>/handler.ts` itself, with the same options.
 */
function nodejsFunction(stack: Stack, name: string, nodeModules?: string[]): nodejs.NodejsFunction {
  return new nodejs.NodejsFunction(stack, `${name}Reference`, {
    entry: path.join(REPO_ROOT, 'lambdas', name, 'handler.ts'),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    bundling: {
      target: 'node24',
      format: nodejs.OutputFormat.CJS,
      minify: true,
      sourceMap: true,
      externalModules: [],
      nodeModules,
      environment: nodeModules
        ? {
            npm_config_os: 'linux',
            npm_config_cpu: 'x64',
            npm_config_libc: 'glibc',
            npm_config_prefer_offline: 'true',
          }
        : undefined,
    },
  });
}

/** The S3 key of a function's code: the asset hash of its bundle's content. */
function codeKey(stack: Stack, fn: lambda.Function): unknown {
  const logicalId = stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
  return Template.fromStack(stack).toJSON().Resources[logicalId].Properties.Code.S3Key;
}

describe('pipelineFunction', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'pipeline-function-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  it('deploys the same bundle NodejsFunction builds for the handler: same asset hash, handler and runtime', () => {
    // Arrange
    const stack = bundlingStack(outdir);

    // Act
    const fn = pipelineFunction(
      stack,
      'ArchiveTransform',
      props(stack, 'ArchiveTransform', 'archive-transform'),
    );
    const reference = nodejsFunction(stack, 'archive-transform');

    // Assert
    expect(codeKey(stack, fn)).toEqual(codeKey(stack, reference));
    const resources = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const [ours, theirs] = [fn, reference].map(
      (f) => resources[stack.getLogicalId(f.node.defaultChild as lambda.CfnFunction)]?.Properties,
    );
    expect({ handler: ours.Handler, runtime: ours.Runtime }).toEqual({
      handler: theirs.Handler,
      runtime: theirs.Runtime,
    });
  });

  it("installs nodeModules as NodejsFunction does (DuckDB's Linux binding beside the bundle): same asset hash", () => {
    // Arrange
    const stack = bundlingStack(outdir);

    // Act
    const fn = pipelineFunction(
      stack,
      'Transform',
      props(stack, 'Transform', 'transform', ['@duckdb/node-api']),
    );
    const reference = nodejsFunction(stack, 'transform', ['@duckdb/node-api']);

    // Assert
    expect(codeKey(stack, fn)).toEqual(codeKey(stack, reference));
  }, 120_000);

  it('reuses the bundle in a second synth when nothing changed: same asset hash, nothing rebuilt', () => {
    // Arrange
    const first = bundlingStack(path.join(outdir, 'first'));
    const firstKey = codeKey(first, pipelineFunction(first, 'Fn', props(first, 'Fn', 'archive-transform')));
    const second = bundlingStack(path.join(outdir, 'second'));
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    const secondKey = codeKey(
      second,
      pipelineFunction(second, 'Fn', props(second, 'Fn', 'archive-transform')),
    );
    const output = write.mock.calls.map(([text]) => String(text)).join('');
    write.mockRestore();

    // Assert
    expect(secondKey).toEqual(firstKey);
    expect(output).toContain('lambdas/archive-transform/handler.ts unchanged: bundle reused from the cache');
  });

  it('bundles a handler once per synth however many functions run it', () => {
    // Arrange
    const stack = bundlingStack(outdir);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    const first = pipelineFunction(stack, 'First', props(stack, 'First', 'archive-transform'));
    const second = pipelineFunction(stack, 'Second', props(stack, 'Second', 'archive-transform'));
    const bundled = write.mock.calls.filter(([text]) => String(text).startsWith('Bundling asset')).length;
    write.mockRestore();

    // Assert
    expect(bundled).toBe(1);
    expect(codeKey(stack, first)).toEqual(codeKey(stack, second));
  });

  it('refuses nodeModules the package.json does not pin, naming them', () => {
    // Arrange
    const stack = testStack();

    // Act
    let error: unknown;
    try {
      pipelineFunction(stack, 'Transform', props(stack, 'Transform', 'transform', ['left-pad']));
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as Error).message).toBe(
      "Invalid props for Test/Transform:\n  nodeModules: names left-pad; allowed: packages the project's package.json lists",
    );
  });
});
