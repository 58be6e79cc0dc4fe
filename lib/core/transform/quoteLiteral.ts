import { duckdbSql } from '../types/duckdbSql';

/**
 * A DuckDB string literal, inner `'` doubled (DuckDB has no backslash escapes in plain literals).
 * The same rule the type mapping's SQL uses, re-exported under the transform's vocabulary.
 *
 * @example
 * ```ts
 * quoteLiteral("/tmp/it's.parquet"); // "'/tmp/it''s.parquet'"
 * ```
 */
export const quoteLiteral: (text: string) => string = duckdbSql.literal;
