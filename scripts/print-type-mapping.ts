/**
 * Prints the source type → Parquet → Athena mapping as Markdown, the content of
 * docs/type-mapping.md: `npx tsx scripts/print-type-mapping.ts > docs/type-mapping.md`.
 */
import { typeMappingMarkdown } from '../lib/core/types';

process.stdout.write(typeMappingMarkdown());
