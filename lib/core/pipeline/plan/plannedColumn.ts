import type { ColumnRule } from '../../../config';
import {
  athenaTypeToDuckdb,
  type MapSourceTypeOptions,
  mapSourceType,
  type SourceColumnType,
} from '../../types';
import type { PlannedColumn } from '../TablePlan';
import { plannedMask } from './plannedMask';

/**
 * How one kept source column is curated: its output name (`rename`, else the source name in
 * lower case, as Glue folds names), its mask, and its curated type — the `cast` when given, else
 * `string` for a mask whose result is text (hash, truncate, redact with a token), else the type
 * mapping's.
 *
 * @throws TypeMappingError when the column has no cast and its type has no exact curated type
 */
export function plannedColumn(
  name: string,
  type: SourceColumnType,
  rule: ColumnRule | undefined,
  options: MapSourceTypeOptions,
): PlannedColumn {
  const keep = rule !== undefined && !rule.drop ? rule : undefined;
  const mask = plannedMask(rule);
  const output = keep?.rename ?? name.toLowerCase();
  const base = { source: name, output, sourceType: type, ...(mask ? { mask } : {}) };
  if (keep?.cast !== undefined) {
    const cast = keep.cast.trim().toLowerCase();
    return { ...base, athenaType: cast, duckdbType: athenaTypeToDuckdb(cast), cast };
  }
  const textMask = mask !== undefined && (mask.kind !== 'redact' || mask.token !== undefined);
  if (textMask) return { ...base, athenaType: 'string', duckdbType: 'VARCHAR' };
  const mapping = mapSourceType({ ...type, column: type.column ?? name }, options);
  return { ...base, athenaType: mapping.athenaType, duckdbType: mapping.duckdbType };
}
