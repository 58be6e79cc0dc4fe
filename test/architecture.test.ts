import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findImportViolations, type ImportRule, importSpecifiers } from './helpers/importRules';

const REPO_ROOT = resolve(__dirname, '..');

/** The layering rules of docs/ARCHITECTURE.md, enforced on every test run. */
const RULES: readonly ImportRule[] = [
  {
    folder: 'lambdas',
    forbidden: /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/,
    forbiddenFiles: /^lib\/(infra|local|cli|pipeline|core|config)\//,
    why: 'a handler only binds AWS adapters to its task in lib/tasks: no CDK, no logic of its own',
  },
  {
    folder: 'lib/tasks',
    forbidden: /^(aws-cdk-lib|constructs)(\/|$)|^@aws-sdk\/client-/,
    forbiddenFiles: /^lib\/(infra|local|cli)\//,
    why: 'a task gets its AWS or local adapters from its caller, so Lambda and local mode run it alike',
  },
  {
    folder: 'lib/core',
    forbidden: /^@aws-sdk\/|^@smithy\/|^@duckdb\/|^(mysql2|pg|kafkajs)(\/|$)|^aws-cdk-lib|^constructs$/,
    forbiddenFiles: /^lib\/(adapters|tasks|infra|local|cli|duckdb|pipeline|client)\//,
    why: 'lib/core is pure domain logic: AWS, database and DuckDB calls live in adapters',
  },
  {
    folder: 'lib/config',
    forbidden: /^@aws-sdk\/|^@duckdb\/|^aws-cdk-lib|^constructs$/,
    forbiddenFiles: /^lib\/(adapters|tasks|infra|local|cli|duckdb|pipeline)\//,
    why: 'the config model is read by the CDK app, the Lambdas and the CLI alike: zod and lib/core only',
  },
  {
    folder: 'lib/infra',
    forbidden: /^@duckdb\/|^(mysql2|pg|kafkajs)(\/|$)/,
    forbiddenFiles:
      /^lib\/(adapters|pipeline|local|cli|duckdb)\/|^lib\/tasks\/(?!.*(SettingsSchema|settingSchemas|replicaConnectionSettings)$)/,
    why: 'the CDK app builds templates: from lib/tasks it takes only settings schemas, never code that runs in a Lambda',
  },
  {
    folder: 'lib/pipeline',
    forbidden: /^(aws-cdk-lib|constructs)(\/|$)/,
    forbiddenFiles: /^lib\/(infra|local|cli|tasks)\//,
    why: 'the steps run inside tasks; they know nothing of the stacks, local mode or the CLI',
  },
  {
    folder: 'lib/adapters',
    forbidden: /^(aws-cdk-lib|constructs)(\/|$)/,
    forbiddenFiles: /^lib\/(infra|local|cli|tasks|pipeline)\//,
    why: 'an adapter is one outside service behind a port, used by steps and tasks, never the other way',
  },
  {
    folder: 'lib/hmac',
    forbidden: /^(?!node:buffer$)(node:|@|[a-z])/,
    forbiddenFiles: /^lib\/(?!core\/errors|hmac\/)/,
    why: 'the batch HMAC is pure computation in WebAssembly: no package, no I/O, only the typed errors',
  },
  {
    folder: 'lib/client',
    forbidden: /^(aws-cdk-lib|constructs)(\/|$)|^node:/,
    forbiddenFiles: /^lib\/(infra|local|cli|adapters|pipeline|tasks|duckdb)\//,
    why: 'the client SDK ships in browser and mobile apps: no CDK, no Node built-ins, no server code',
  },
];

describe('architecture', () => {
  it('keeps every layer of docs/ARCHITECTURE.md free of forbidden imports', () => {
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

  it('reports repository files a layer may not import, resolved from relative paths', () => {
    // Arrange: a construct taking a task's code (not only its settings schema), and a handler with logic of its own
    const root = mkdtempSync(join(tmpdir(), 'arch-'));
    mkdirSync(join(root, 'lib/infra/snapshot'), { recursive: true });
    mkdirSync(join(root, 'lambdas/plan'), { recursive: true });
    writeFileSync(
      join(root, 'lib/infra/snapshot/SnapshotPipeline.ts'),
      [
        "import type { PlanEnvironment } from '../../tasks/plan/planSettingsSchema';",
        "import { planTask } from '../../tasks/plan/planTask';",
      ].join('\n'),
    );
    writeFileSync(
      join(root, 'lambdas/plan/handler.ts'),
      [
        "import { planTask } from '../../lib/tasks/plan/planTask';",
        "import { planRun } from '../../lib/pipeline/planRun';",
      ].join('\n'),
    );

    // Act
    const violations = findImportViolations(root, RULES);

    // Assert
    expect(violations.map((v) => [v.file, v.specifier])).toEqual([
      ['lambdas/plan/handler.ts', '../../lib/pipeline/planRun'],
      ['lib/infra/snapshot/SnapshotPipeline.ts', '../../tasks/plan/planTask'],
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
