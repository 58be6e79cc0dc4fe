import * as z from 'zod';
import { DataLakeError } from '../errors';
import type { PartResult } from '../pipeline';

const count = z.number().int().min(0);

const partResultSchema = z.object({
  source: z.string().min(1),
  table: z.string().min(1),
  runId: z.string().min(1),
  partIndex: count,
  rows: count,
  files: z.array(
    z.object({
      key: z.string().min(1),
      bytes: count,
      rows: count,
      partitionValues: z.record(z.string(), z.string()),
    }),
  ),
  schema: z.array(z.object({ name: z.string().min(1), duckdbType: z.string().min(1) })),
  invalidValuesNulled: z.record(z.string(), count).optional(),
});

/**
 * A part's manifest read back from JSON, checked against the {@link PartResult} contract so
 * the commit verifies data, not a shape it assumes.
 *
 * @param key where the manifest was read from, for messages
 * @throws DataLakeError naming the key and every field that does not fit
 * @example
 * ```ts
 * const manifest = parseManifest(await objectStore.getJson(bucket, key), key);
 * ```
 */
export function parseManifest(value: unknown, key: string): PartResult {
  const result = partResultSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new DataLakeError(`Invalid part manifest ${key}: ${issues.join('; ')}`);
}
