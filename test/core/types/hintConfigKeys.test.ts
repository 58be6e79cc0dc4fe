/**
 * Every config key a type-mapping error's hint names exists in the config: the hints tell users
 * what to write in their config file, so a key the schema does not have is advice that cannot work
 * (the hint once named `oversizeDecimal`, an option of the mapping, not of the config).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSync } from '@swc/core';

const root = resolve(__dirname, '../../..');

/** The sources of the type mapping's errors and of the error classes. */
const SOURCES = [
  ...readdirSync(join(root, 'lib/core/types'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, 'lib/core/types', file)),
  join(root, 'lib/core/errors.ts'),
];

/** A camelCase word, the shape of the config's multi-word keys (`unboundedNumeric`, `newColumns`). */
const KEY_LIKE = String.raw`[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+`;
/** Such a word in backquotes or quotes, or before a quoted value as in `key: 'value'`. */
const NAMED_KEY = new RegExp(String.raw`[\`'"](${KEY_LIKE})[\`'"]|\b(${KEY_LIKE}): [\`'"]`, 'g');

/** Whether an AST node builds an error message: `typeError(…)`, `new …Error(…)` or `super(…)` in an error class. */
function buildsError(node: Record<string, unknown>): boolean {
  const callee = node.callee as Record<string, unknown> | undefined;
  if (callee === undefined) return false;
  if (node.type === 'NewExpression')
    return typeof callee.value === 'string' && callee.value.endsWith('Error');
  if (node.type !== 'CallExpression') return false;
  return callee.type === 'Super' || callee.value === 'typeError';
}

/** The text of every string and template literal inside an error message's construction, found by swc's parser. */
function hintTexts(file: string): string[] {
  const texts: string[] = [];
  const visit = (node: unknown, inHint: boolean): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, inHint);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (inHint && record.type === 'StringLiteral' && typeof record.value === 'string')
      texts.push(record.value);
    if (inHint && record.type === 'TemplateElement' && typeof record.cooked === 'string')
      texts.push(record.cooked);
    const hint = inHint || buildsError(record);
    for (const value of Object.values(record)) visit(value, hint);
  };
  visit(parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript' }).body, false);
  return texts;
}

/** Every property name anywhere in the config's JSON schema. */
function schemaKeys(): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const properties = record.properties;
    if (properties !== null && typeof properties === 'object') {
      for (const key of Object.keys(properties)) keys.add(key);
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(JSON.parse(readFileSync(join(root, 'schema/datalake-config.schema.json'), 'utf8')));
  return keys;
}

describe('config keys named in type-mapping error hints', () => {
  it('finds the hints it checks (the unboundedNumeric advice among them)', () => {
    // Act
    const named = SOURCES.flatMap(hintTexts).flatMap((text) =>
      [...text.matchAll(NAMED_KEY)].map((match) => match[1] ?? match[2]),
    );

    // Assert
    expect(named).toContain('unboundedNumeric');
  });

  it.each(SOURCES.map((file) => [file.slice(root.length + 1), file] as const))(
    '%s names only keys of schema/datalake-config.schema.json',
    (_name, file) => {
      // Arrange
      const keys = schemaKeys();

      // Act
      const unknown = hintTexts(file).flatMap((text) =>
        [...text.matchAll(NAMED_KEY)]
          .map((match) => match[1] ?? match[2] ?? '')
          .filter((key) => !keys.has(key))
          .map((key) => `${key} in: ${text}`),
      );

      // Assert
      expect(unknown).toEqual([]);
    },
  );
});
