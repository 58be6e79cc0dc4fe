import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findImportViolations, type ImportRule, importSpecifiers } from './helpers/importRules';

const REPO_ROOT = resolve(__dirname, '..');

/** The layering rules of ../shared/DESIGN.md, enforced on every test run. */
const RULES: readonly ImportRule[] = [
  {
    folder: 'lambdas',
    forbidden: /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)|lib\/infra/,
    why: 'Lambda handlers stay light: no CDK or infrastructure code in a bundle',
  },
  {
    folder: 'lib/core',
    forbidden:
      /^@aws-sdk\/|^@smithy\/|^@duckdb\/|^(mysql2|pg)(\/|$)|^aws-cdk-lib|^constructs$|lib\/infra|\.\.\/infra/,
    why: 'lib/core is pure domain logic: AWS, database and DuckDB calls live in adapters',
  },
  {
    folder: 'lib/client',
    forbidden: /^(aws-cdk-lib|constructs)(\/|$)|lib\/infra|\.\.\/infra/,
    why: 'the client SDK ships in apps and must not pull in CDK',
  },
];

describe('architecture', () => {
  it('keeps lambdas/, lib/core and lib/client free of forbidden imports', () => {
    // Act
    const violations = findImportViolations(REPO_ROOT, RULES);

    // Assert
    expect(violations).toEqual([]);
  });

  it('reports a handler importing aws-cdk-lib and a core module importing the AWS SDK', () => {
    // Arrange: a throw-away tree that breaks both rules
    const root = mkdtempSync(join(tmpdir(), 'arch-'));
    mkdirSync(join(root, 'lambdas/bad'), { recursive: true });
    mkdirSync(join(root, 'lib/core'), { recursive: true });
    writeFileSync(join(root, 'lambdas/bad/handler.ts'), "import { Stack } from 'aws-cdk-lib';\n");
    writeFileSync(join(root, 'lib/core/bad.ts'), "export { S3Client } from '@aws-sdk/client-s3';\n");

    // Act
    const violations = findImportViolations(root, RULES);

    // Assert
    expect(violations.map((v) => [v.file, v.specifier])).toEqual([
      ['lambdas/bad/handler.ts', 'aws-cdk-lib'],
      ['lib/core/bad.ts', '@aws-sdk/client-s3'],
    ]);
  });

  it('sees static, dynamic, re-export and side-effect imports', () => {
    // Act
    const specifiers = importSpecifiers(
      [
        "import a from 'one';",
        "import type { B } from 'two';",
        "export * from 'three';",
        "const c = require('four');",
        "await import('five');",
        "import 'six';",
        'import {\n  d,\n  e,\n} from "seven";',
      ].join('\n'),
    );

    // Assert
    expect(specifiers).toEqual(['one', 'two', 'three', 'four', 'five', 'six', 'seven']);
  });
});
