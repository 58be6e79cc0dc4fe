import { createHash } from 'node:crypto';

/** SHA-256's block size in bytes: HMAC pads its key to one block. */
const SHA256_BLOCK_BYTES = 64;

/** The two padded key blocks of HMAC-SHA-256 (RFC 2104, section 2). */
export interface HmacKeyPads {
  /** `K ⊕ ipad` (0x36 repeated): hashed before the message. */
  readonly inner: Uint8Array;
  /** `K ⊕ opad` (0x5c repeated): hashed before the inner digest. */
  readonly outer: Uint8Array;
}

/**
 * The padded key blocks of HMAC-SHA-256 for `key` (its UTF-8 bytes): a key longer than one block
 * is first replaced by its SHA-256 digest, then zero-padded to 64 bytes and XORed with ipad and
 * opad. With them, `HMAC(K, m) = SHA256(outer || SHA256(inner || m))`, which DuckDB computes from
 * its `sha256` over BLOBs: it has no HMAC function of its own.
 *
 * @example
 * ```ts
 * const { inner, outer } = hmacKeyPads('my salt secret');
 * // inner.length === 64 && outer.length === 64
 * ```
 */
export function hmacKeyPads(key: string): HmacKeyPads {
  const bytes = Buffer.from(key, 'utf8');
  const block = Buffer.alloc(SHA256_BLOCK_BYTES);
  (bytes.length > SHA256_BLOCK_BYTES ? createHash('sha256').update(bytes).digest() : bytes).copy(block);
  return {
    inner: Uint8Array.from(block, (byte) => byte ^ 0x36),
    outer: Uint8Array.from(block, (byte) => byte ^ 0x5c),
  };
}
