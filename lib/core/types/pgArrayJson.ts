import { parse } from 'postgres-array';

/**
 * The DuckDB scalar function the pipeline registers on every DuckDB it opens (lib/duckdb
 * `openDuckdb`): `pg_array_json(text VARCHAR, dimensions INTEGER, column VARCHAR) → VARCHAR`,
 * {@link pgArrayJson} over each row. The type mapping's array SQL calls it.
 */
export const PG_ARRAY_JSON_FUNCTION = 'pg_array_json';

/** An element of a parsed array: its text, NULL, or a sub-array. */
type Element = string | null | readonly Element[];

/** How many characters of a bad value an error quotes, as the transform's checks do. */
const QUOTED_CHARS = 200;

/** Every entry at `depth` (1 = the outer array) is a sub-array above `dimensions` and text or NULL at it. */
function hasDimensions(entries: readonly Element[], depth: number, dimensions: number): boolean {
  return entries.every((entry) =>
    depth < dimensions
      ? Array.isArray(entry) && hasDimensions(entry, depth + 1, dimensions)
      : !Array.isArray(entry),
  );
}

/**
 * PostgreSQL's array text (`array_out`: what `COPY` prints and the RDS export writes) as a JSON
 * array of the elements' own text, nested per dimension, for DuckDB to cast to a list exactly:
 * `{a,"b c","",NULL,"NULL"}` → `["a","b c","",null,"NULL"]`, `{{1,2},{3,NULL}}` →
 * `[["1","2"],["3",null]]`. The parsing is `postgres-array`'s, the parser `pg` itself uses:
 * quotes, backslash escapes, braces and commas inside elements, empty strings, unquoted `NULL`
 * (NULL) and quoted `"NULL"` (the string). Non-default bounds (`[0:1]={1,2}`) are dropped; the
 * elements keep their order. An empty array (`{}`, which PostgreSQL prints for every empty
 * array) fits any number of dimensions.
 *
 * @param dimensions the column's declared dimensions; a value nested otherwise is an error
 * @param column the column as the transform's SQL names it, for the error
 * @throws Error in the transform's own check shape (`expected … in "column", got: value`) for
 * text that is not an array of that many dimensions
 * @example
 * ```ts
 * pgArrayJson('{"a}",NULL,"NULL"}', 1, '"tags"'); // '["a}",null,"NULL"]'
 * pgArrayJson('[0:1]={1,2}', 1, '"n"'); // '["1","2"]'
 * ```
 */
export function pgArrayJson(text: string, dimensions: number, column: string): string {
  const fail = (): Error =>
    new Error(
      `expected a ${dimensions}-dimensional PostgreSQL array in ${column}, got: ${text.slice(0, QUOTED_CHARS)}`,
    );
  const trimmed = text.trim();
  if (!/^(\[-?\d+:-?\d+\])*=?\{[\s\S]*\}$/.test(trimmed)) throw fail();
  let entries: Element[];
  try {
    entries = parse(trimmed);
  } catch {
    throw fail();
  }
  if (!hasDimensions(entries, 1, dimensions)) throw fail();
  return JSON.stringify(entries);
}
