/**
 * Choices for {@link mapSourceType} where no exact type exists.
 */
export interface MapSourceTypeOptions {
  /**
   * What to do with a DECIMAL/NUMERIC wider than Athena's 38 digits, or a PostgreSQL `numeric`
   * without a declared precision: `'error'` raises a TypeMappingError (give the column a
   * `cast` such as `decimal(38,10)` in the config), `'string'` lands the exact decimal text.
   *
   * @default 'error'
   */
  readonly oversizeDecimal?: 'error' | 'string';
}
