import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleInputsFingerprint } from '../../../lib/infra/lambda/bundleInputsFingerprint';

const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

describe('bundleInputsFingerprint', () => {
  let root: string;
  const inputs = ['src/handler.ts', 'node_modules/pkg/index.js'];

  /** Writes `relative` under the root, dated an hour ago (folders too). */
  function write(relative: string, content: string): void {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    for (let at = file; at.startsWith(root); at = path.dirname(at)) utimesSync(at, AN_HOUR_AGO, AN_HOUR_AGO);
  }

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
    write('src/handler.ts', "import 'pkg';\n");
    write('node_modules/pkg/index.js', 'module.exports = 1;\n');
    write('node_modules/pkg/package.json', '{"main":"index.js"}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is the same for the same files', () => {
    expect(bundleInputsFingerprint(root, inputs)).toBe(bundleInputsFingerprint(root, [...inputs].reverse()));
  });

  it.each([
    ['an input changes', () => write('src/handler.ts', "import 'pkg'; // edited\n")],
    [
      'a package.json above an input changes',
      () => write('node_modules/pkg/package.json', '{"main":"other.js"}'),
    ],
    ['a file appears beside an input', () => write('src/handler.tsx', 'export {};\n')],
    ['a nearer node_modules appears', () => write('src/node_modules/pkg/index.js', 'module.exports = 2;\n')],
    ['a tsconfig.json appears above an input', () => write('src/tsconfig.json', '{}')],
  ])('changes when %s', (_, change) => {
    // Arrange
    const before = bundleInputsFingerprint(root, inputs);

    // Act
    change();

    // Assert
    expect(bundleInputsFingerprint(root, inputs)).not.toBe(before);
  });

  it('changes when a linked package is pointed elsewhere (npm link)', () => {
    // Arrange
    write('packages/a/index.js', 'module.exports = "a";\n');
    write('packages/b/index.js', 'module.exports = "b";\n');
    symlinkSync('../packages/a', path.join(root, 'node_modules/linked'));
    const linkedInputs = [...inputs, 'packages/a/index.js'];
    const before = bundleInputsFingerprint(root, linkedInputs);

    // Act
    unlinkSync(path.join(root, 'node_modules/linked'));
    symlinkSync('../packages/b', path.join(root, 'node_modules/linked'));

    // Assert
    expect(bundleInputsFingerprint(root, linkedInputs)).not.toBe(before);
  });

  it('leaves dot files out: no import resolves to them', () => {
    // Arrange
    const before = bundleInputsFingerprint(root, inputs);

    // Act
    write('node_modules/.package-lock.json', '{}');

    // Assert
    expect(bundleInputsFingerprint(root, inputs)).toBe(before);
  });

  it('cannot vouch for a missing input or one changed since the build started', () => {
    // Arrange
    const buildStarted = Date.now() - 1000;
    writeFileSync(path.join(root, 'src/handler.ts'), "import 'pkg'; // saved during the build\n");

    // Act
    const missing = bundleInputsFingerprint(root, [...inputs, 'src/gone.ts']);
    const changedDuringBuild = bundleInputsFingerprint(root, inputs, buildStarted);

    // Assert
    expect({ missing, changedDuringBuild }).toEqual({ missing: undefined, changedDuringBuild: undefined });
  });
});
