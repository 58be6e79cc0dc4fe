import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../../lib/infra/lambda/BUNDLE_CACHE_DIR';
import { handlerBuildOptions } from '../../lib/infra/lambda/buildHandlerBundle';

const KEY = 'bundle-salt';
/** A value for the four-lane path (≤ 55 bytes) and one for the scalar path (longer). */
const VALUES = ['user@example.com', `${'중고 자전거 팝니다 🚲 '.repeat(8)}end`];

describe('HmacSha256Batch in a Lambda bundle', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hmac-bundle-'));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is bundled into the extract function with its WebAssembly inline (no file beside the bundle)', () => {
    // Act: the extract handler as the construct bundles it (DuckDB left out for npm ci: the build reads only the names)
    const result = buildSync({
      ...handlerBuildOptions(
        {
          entry: join(REPO_ROOT, 'lambdas/extract/handler.ts'),
          modules: { dependencies: { '@duckdb/node-api': '*' }, lockFile: '', environment: {} },
        },
        work,
      ),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    // Assert
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toEqual(
      expect.arrayContaining(['lib/hmac/HmacSha256Batch.ts', 'lib/hmac/hmacSha256Wasm.ts']),
    );
    expect(inputs.filter((input) => input.endsWith('.wasm'))).toEqual([]);
    expect(result.outputFiles.map((file) => relative(work, file.path)).sort()).toEqual([
      'index.js',
      'index.js.map',
    ]);
  });

  it('hashes as createHmac does once built with the functions’ esbuild options (minified CommonJS for node24)', () => {
    // Arrange: an entry that hashes both values with the module, built as a handler is
    const entry = join(work, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { HmacSha256Batch } from ${JSON.stringify(join(REPO_ROOT, 'lib/hmac/HmacSha256Batch'))};`,
        `const batch = new HmacSha256Batch(${JSON.stringify(KEY)});`,
        `const values = ${JSON.stringify(VALUES)}.map((value) => new TextEncoder().encode(value));`,
        'const indexes = values.map((value) => batch.add(value, 0, value.length));',
        'if (batch.digest() !== -1) throw new Error("not UTF-8");',
        'const out = new Uint8Array(64);',
        'console.log(JSON.stringify(indexes.map((index) => { batch.writeHex(index, out, 0); return new TextDecoder().decode(out); })));',
      ].join('\n'),
    );
    const outDir = join(work, 'out');
    buildSync({ ...handlerBuildOptions({ entry }, outDir), logLevel: 'silent' });

    // Act
    const run = spawnSync(process.execPath, [join(outDir, 'index.js')], {
      encoding: 'utf8',
      timeout: 20_000,
    });

    // Assert
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(
      VALUES.map((value) => createHmac('sha256', KEY).update(value).digest('hex')),
    );
  });
});
