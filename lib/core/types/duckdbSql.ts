/**
 * Small builders of DuckDB SQL text shared by the type mappings. lib/core only writes the SQL;
 * the transform runs it.
 */
export const duckdbSql = {
  /**
   * A SQL string literal, single quotes doubled.
   *
   * @example
   * ```ts
   * duckdbSql.literal("it's"); // "'it''s'"
   * ```
   */
  literal(text: string): string {
    return `'${text.replaceAll("'", "''")}'`;
  },

  /** `CAST(expr AS type)`: fails the query on a value that does not fit, unlike `TRY_CAST`. */
  cast(expr: string, type: string): string {
    return `CAST(${expr} AS ${type})`;
  },

  /** True when the whole of `expr` matches the RE2 `pattern`. */
  matches(expr: string, pattern: string): string {
    return `regexp_full_match(${expr}, ${duckdbSql.literal(pattern)})`;
  },

  /**
   * `value` when `condition` holds, NULL for NULL, and otherwise a query error that names the
   * column, what was expected and the value received.
   *
   * @example
   * ```ts
   * duckdbSql.checked('"t"', duckdbSql.matches('"t"', '\\d{2}:\\d{2}:\\d{2}'), '"t"', 'a time');
   * ```
   */
  checked(expr: string, condition: string, value: string, expected: string): string {
    const message = `concat(${duckdbSql.literal(`expected ${expected} in ${expr}, got: `)}, CAST(${expr} AS VARCHAR))`;
    return `CASE WHEN ${expr} IS NULL THEN NULL WHEN ${condition} THEN ${value} ELSE error(${message}) END`;
  },
};
