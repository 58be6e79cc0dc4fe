/**
 * The DuckDB variables the `hash` mask reads its HMAC key from: the key's inner and outer padded
 * blocks of RFC 2104 (`K ⊕ ipad`, `K ⊕ opad`, see {@link hmacKeyPads}), as BLOBs. The key is never
 * part of the SQL text, so it cannot leak through a query log or an error message: the runner sets
 * both on the connection with prepared statements first (`setMaskKey`).
 */
export const MASK_KEY_VARIABLES = {
  innerPad: 'mask_key_inner_pad',
  outerPad: 'mask_key_outer_pad',
} as const;
