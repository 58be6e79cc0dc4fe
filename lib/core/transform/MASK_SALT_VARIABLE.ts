/**
 * The DuckDB variable the `hash` mask reads its salt from (`getvariable('mask_salt')`). The salt
 * is never part of the SQL text, so it cannot leak through a query log or an error message: the
 * runner sets it on the connection with a prepared `SET VARIABLE mask_salt = $1` first.
 */
export const MASK_SALT_VARIABLE = 'mask_salt';
