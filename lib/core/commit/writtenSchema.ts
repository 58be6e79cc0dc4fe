import { SchemaEvolutionError } from '../errors';
import type { PartResult, WrittenColumn } from '../pipeline';

function describe(schema: readonly WrittenColumn[]): string {
  return schema.map((column) => `${column.name} ${column.duckdbType}`).join(', ');
}

/**
 * The one Parquet schema the parts of a run wrote. Every part runs the same plan, so their
 * schemas must be identical; a part that differs means the files would disagree with any
 * single table schema, and the run is refused.
 *
 * @param manifests the run's manifests, at least one
 * @param table the table as `source.table`, for messages
 * @throws SchemaEvolutionError naming the first part whose schema differs from part of the lowest index
 * @example
 * ```ts
 * writtenSchema(manifests, 'service.users'); // [{ name: 'id', duckdbType: 'BIGINT' }, …]
 * ```
 */
export function writtenSchema(manifests: readonly PartResult[], table: string): readonly WrittenColumn[] {
  const [first, ...rest] = [...manifests].sort((a, b) => a.partIndex - b.partIndex);
  if (first === undefined) return [];
  const expected = describe(first.schema);
  const differing = rest.find((manifest) => describe(manifest.schema) !== expected);
  if (differing !== undefined) {
    throw new SchemaEvolutionError(table, [
      {
        column: `(schema of part ${differing.partIndex} vs part ${first.partIndex})`,
        previousType: expected,
        writtenType: describe(differing.schema),
      },
    ]);
  }
  return first.schema;
}
