import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configJsonSchemaText } from '../../lib/config/configJsonSchema';

const REPO_ROOT = resolve(__dirname, '..', '..');
const SCHEMA_PATH = join(REPO_ROOT, 'schema', 'datalake-config.schema.json');

/** A JSON Schema node, as far as these tests read it. */
interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly anyOf?: readonly SchemaNode[];
  readonly required?: readonly string[];
  readonly description?: string;
}

/** Paths of every property in the schema that has no description. */
function undocumented(node: SchemaNode, path: string): string[] {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
    ...(child.description === undefined ? [`${path}.${key}`] : []),
    ...undocumented(child, `${path}.${key}`),
  ]);
  const nested = [
    ...(node.items ? undocumented(node.items, `${path}[]`) : []),
    ...(typeof node.additionalProperties === 'object'
      ? undocumented(node.additionalProperties, `${path}{}`)
      : []),
    ...(node.anyOf ?? []).flatMap((option) => undocumented(option, path)),
  ];
  return [...own, ...nested];
}

describe('configJsonSchemaText', () => {
  it('matches the committed schema/datalake-config.schema.json (run `npm run schema` when this fails)', () => {
    // Arrange
    const committed = readFileSync(SCHEMA_PATH, 'utf8');

    // Act
    const generated = configJsonSchemaText();

    // Assert
    expect(committed).toBe(generated);
  });

  it('documents every key for editors', () => {
    // Act
    const schema = JSON.parse(configJsonSchemaText()) as SchemaNode;

    // Assert
    expect(undocumented(schema, '')).toEqual([]);
  });

  it('describes the input side: only name is required at the top (a lake of client events only has no sources)', () => {
    // Act
    const schema = JSON.parse(configJsonSchemaText()) as SchemaNode;

    // Assert
    expect(schema.required).toEqual(['name']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('scripts/generate-config-schema.ts --check', () => {
  it('exits 0 while the committed schema is current', () => {
    // Act
    const run = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        'scripts/generate-config-schema.ts',
        '--check',
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );

    // Assert
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
