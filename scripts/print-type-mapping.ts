/**
 * The source type → Parquet → Athena mapping as Markdown, from `TYPE_MAPPING_ROWS`:
 * writes docs/type-mapping.md and the README's "type-mapping" block (`npm run docs`).
 * Tests fail when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { typeMappingMarkdown, typeMappingTables } from '../lib/core/types';
import { writeGeneratedSection } from './docs/generatedSection';

const root = resolve(__dirname, '..');
writeFileSync(resolve(root, 'docs/type-mapping.md'), typeMappingMarkdown());
const readme = resolve(root, 'README.md');
writeFileSync(
  readme,
  writeGeneratedSection(readFileSync(readme, 'utf8'), 'type-mapping', typeMappingTables()),
);
console.log('Wrote docs/type-mapping.md and the type-mapping block of README.md.');
