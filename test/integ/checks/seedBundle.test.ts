import { join } from 'node:path';
import * as esbuild from 'esbuild';

const REPO_ROOT = join(__dirname, '../../..');

describe('the seed function’s bundle (esbuild, as the integ check bundles it)', () => {
  it('builds without DuckDB or the extract path: the bench table comes from extractBenchTable alone', async () => {
    // Act: before extractBenchTable.ts, the seed imported measureExtract.ts and esbuild failed on DuckDB's bindings
    const result = await esbuild.build({
      entryPoints: [join(REPO_ROOT, 'test/integ/lambdas/seedSource.ts')],
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    // Assert
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('scripts/bench/extractBenchTable.ts');
    expect(inputs.filter((input) => /@duckdb|lib\/pipeline\/|measureExtract/.test(input))).toEqual([]);
  });
});
