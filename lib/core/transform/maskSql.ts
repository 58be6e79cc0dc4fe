import { DataLakeError } from '../errors';
import type { PlannedMask } from '../pipeline';
import { MASK_KEY_VARIABLES } from './MASK_KEY_VARIABLES';
import { quoteLiteral } from './quoteLiteral';
import type { TypedSql } from './TypedSql';

/**
 * A padded key block as a BLOB, or a query error when the runner did not set it: hashing without
 * the key must not pass. The CAST matters: an unset variable has the NULL type, and `NULL || blob`
 * would be folded to NULL at bind time without ever reaching the error.
 */
const padSql = (variable: string): string =>
  `coalesce(CAST(getvariable(${quoteLiteral(variable)}) AS BLOB), error(${quoteLiteral(
    `mask key not set: setMaskKey must set ${MASK_KEY_VARIABLES.innerPad} and ${MASK_KEY_VARIABLES.outerPad} before a transform with a hash mask runs`,
  )}))`;

/**
 * Applies a column's mask to its curated value.
 *
 * - `hash`: lower-case hex HMAC-SHA-256 (RFC 2104) of the value's canonical text as UTF-8
 *   (DuckDB's `CAST(value AS VARCHAR)` of the curated value, so the replica and export paths hash
 *   alike), keyed by the salt secret: `sha256(K⊕opad || sha256(K⊕ipad || text))`, the padded
 *   key blocks read from {@link MASK_KEY_VARIABLES}, never from the SQL text. NULL stays NULL.
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
      return {
        sql: `sha256(${padSql(MASK_KEY_VARIABLES.outerPad)} || unhex(sha256(${padSql(MASK_KEY_VARIABLES.innerPad)} || encode(${text}))))`,
        duckdbType: 'VARCHAR',
      };
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
