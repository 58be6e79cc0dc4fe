import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CachedHandlerBundling } from '../../../lib/infra/lambda/CachedHandlerBundling';
import { TEST_ENV } from '../../helpers/testApp';

/**
 * Waits until files written now count as older than a build started next: the cache stores no
 * bundle whose sources changed in the second before or during its build.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1100));
}

interface Synth {
  /** The asset hash of the handler's bundle (its S3 key without `.zip`). */
  readonly hash: string;
  /** How many times a bundle was taken from the cache instead of built. */
  readonly reused: number;
  /** The bundle's index.js as staged. */
  readonly code: string;
}

describe('CachedHandlerBundling', () => {
  let work: string;
  let handlerDir: string;
  let cacheDir: string;
  let outdirs: string[];

  beforeEach(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'cached-bundling-'));
    handlerDir = mkdtempSync(path.join(work, 'handler-'));
    cacheDir = path.join(work, 'cache');
    outdirs = [];
    writeFileSync(path.join(handlerDir, 'dep.ts'), "export const greeting = 'hello from dep.ts';\n");
    writeFileSync(
      path.join(handlerDir, 'handler.ts'),
      "import { greeting } from './dep';\nexport const handler = async () => greeting;\n",
    );
    await settle();
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** A synth of one asset bundled by CachedHandlerBundling, in a fresh app as `npm run synth` runs. */
  function synth(entries = [path.join(handlerDir, 'handler.ts')]): Synth[] {
    const outdir = path.join(work, `cdk.out.${outdirs.length}`);
    outdirs.push(outdir);
    const stack = new Stack(new App({ outdir, builtinCloudFormationValidation: false }), 'Bundled', {
      env: TEST_ENV,
    });
    return entries.map((entry, index) => {
      const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const code = lambda.Code.fromAsset(handlerDir, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('dummy'),
          local: new CachedHandlerBundling({ entry }, cacheDir),
        },
      });
      const key = code.bind(new Construct(stack, `Function${index}`)).s3Location?.objectKey ?? '';
      const reused = write.mock.calls.filter(([text]) =>
        String(text).includes('bundle reused from the cache'),
      ).length;
      write.mockRestore();
      const hash = key.replace(/\.zip$/, '');
      return { hash, reused, code: readFileSync(path.join(outdir, `asset.${hash}`, 'index.js'), 'utf8') };
    });
  }

  it('reuses the bundle in a second synth when nothing it was built from changed: same asset hash', () => {
    // Arrange
    const [first] = synth();

    // Act
    const [second] = synth();

    // Assert
    expect(first?.reused).toBe(0);
    expect(second).toEqual({ ...first, reused: 1 });
  });

  it('rebuilds when a source file the handler imports changes: new asset hash, the new code', async () => {
    // Arrange
    const [before] = synth();
    writeFileSync(path.join(handlerDir, 'dep.ts'), "export const greeting = 'changed in dep.ts';\n");
    await settle();

    // Act
    const [after] = synth();

    // Assert
    expect(after?.reused).toBe(0);
    expect(after?.hash).not.toBe(before?.hash);
    expect(after?.code).toContain('changed in dep.ts');
  });

  it('rebuilds when a new file is what an import now resolves to (dep.tsx beside dep.ts)', async () => {
    // Arrange
    const [before] = synth();
    writeFileSync(path.join(handlerDir, 'dep.tsx'), "export const greeting = 'hello from dep.tsx';\n");
    await settle();

    // Act
    const [after] = synth();

    // Assert: esbuild resolves './dep' to .tsx before .ts
    expect(after?.reused).toBe(0);
    expect(after?.hash).not.toBe(before?.hash);
    expect(after?.code).toContain('hello from dep.tsx');
  });

  it('does not keep a bundle whose sources changed while it was built', () => {
    // Arrange: dep.ts written just now, as if saved during the build
    writeFileSync(path.join(handlerDir, 'dep.ts'), "export const greeting = 'saved during the build';\n");
    synth();

    // Act
    const [second] = synth();

    // Assert
    expect(second?.reused).toBe(0);
  });

  it('tells handlers apart: two entries in one synth get their own bundles', () => {
    // Arrange
    writeFileSync(path.join(handlerDir, 'other.ts'), "export const handler = async () => 'other';\n");

    // Act
    const [handler, other] = synth([path.join(handlerDir, 'handler.ts'), path.join(handlerDir, 'other.ts')]);

    // Assert
    expect(other?.hash).not.toBe(handler?.hash);
    expect(other?.code).toContain('other');
    expect(other?.code).not.toContain('hello from dep.ts');
  });
});
