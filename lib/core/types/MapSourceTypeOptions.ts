import type { UnboundedNumeric } from './unboundedNumeric';

/**
 * Choices for {@link mapSourceType} where no exact type exists.
 */
export interface MapSourceTypeOptions {
  /**
   * What to do with a DECIMAL/NUMERIC declared wider than Athena's 38 digits: `'error'` raises a
   * TypeMappingError (the column needs a config `cast`, e.g. `string` or `decimal(38,10)`),
   * `'string'` lands the exact decimal text. Not a config key: the transform maps with `'string'`
   * and applies the column's `cast` after.
   *
   * @default 'error'
   */
  readonly oversizeDecimal?: 'error' | 'string';
  /**
   * What a PostgreSQL `numeric` without a declared precision becomes: the source's config key
   * `unboundedNumeric` (see {@link UnboundedNumeric}).
   *
   * @default 'string'
   */
  readonly unboundedNumeric?: UnboundedNumeric;
}
