import { DataLakeError } from '../errors';
import type { PlannedMask } from '../pipeline';
import { MASK_SALT_VARIABLE } from './MASK_SALT_VARIABLE';
import { quoteLiteral } from './quoteLiteral';
import type { TypedSql } from './TypedSql';

/**
 * The salt as text, or a query error when the runner did not set it: hashing without a salt
 * must not pass. The CAST matters: an unset variable has the NULL type, and `NULL || text` would
 * be folded to NULL at bind time without ever reaching the error.
 */
const SALT_SQL = `coalesce(CAST(getvariable(${quoteLiteral(MASK_SALT_VARIABLE)}) AS VARCHAR), error(${quoteLiteral(
  `mask salt not set: SET VARIABLE ${MASK_SALT_VARIABLE} before running a transform with a hash mask`,
)}))`;

/**
 * Applies a column's mask to its curated value.
 *
 * - `hash`: lower-case hex SHA-256 of the salt followed by the value's canonical text (DuckDB's
 *   `CAST(value AS VARCHAR)` of the curated value, so the replica and export paths hash alike);
 *   NULL stays NULL. The salt comes from the `mask_salt` variable, never from the SQL text.
 * - `redact`: the token as VARCHAR, or a NULL of the value's type when there is no token.
 * - `truncate`: the first `length` characters (Unicode code points, not bytes: Korean and emoji
 *   stay whole) of the value's text.
 *
 * @throws DataLakeError for a truncate length that is not an integer of at least 1
 * @example
 * ```ts
 * maskSql({ sql: '"email"', duckdbType: 'VARCHAR' }, { kind: 'truncate', length: 3 });
 * // { sql: 'left(CAST("email" AS VARCHAR), 3)', duckdbType: 'VARCHAR' }
 * ```
 */
export function maskSql(value: TypedSql, mask: PlannedMask): TypedSql {
  const text = `CAST(${value.sql} AS VARCHAR)`;
  switch (mask.kind) {
    case 'hash':
      return { sql: `sha256(${SALT_SQL} || ${text})`, duckdbType: 'VARCHAR' };
    case 'redact':
      return mask.token === undefined
        ? { sql: `CAST(NULL AS ${value.duckdbType})`, duckdbType: value.duckdbType }
        : { sql: `CAST(${quoteLiteral(mask.token)} AS VARCHAR)`, duckdbType: 'VARCHAR' };
    case 'truncate':
      if (!Number.isInteger(mask.length) || mask.length < 1) {
        throw new DataLakeError(
          `Invalid truncate mask: received length ${mask.length}; allowed: an integer of at least 1`,
        );
      }
      return { sql: `left(${text}, ${mask.length})`, duckdbType: 'VARCHAR' };
  }
}
