const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The bytes of standard padded base64 text (RFC 4648 §4), as {@link encodeBase64} writes it;
 * `undefined` for any other text, so a caller reports damaged data instead of using wrong bytes.
 *
 * @example
 * ```ts
 * decodeBase64('aGk='); // Uint8Array [104, 105]
 * decodeBase64('a*k='); // undefined
 * ```
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!CANONICAL.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let index = 0; index < text.length; index += 4) {
    const quad =
      (sextet(text, index) << 18) |
      (sextet(text, index + 1) << 12) |
      (sextet(text, index + 2) << 6) |
      sextet(text, index + 3);
    bytes[out++] = quad >> 16;
    if (out < bytes.length) bytes[out++] = (quad >> 8) & 255;
    if (out < bytes.length) bytes[out++] = quad & 255;
  }
  return bytes;
}

function sextet(text: string, index: number): number {
  // '=' counts as 0: its bits are dropped by the length computed from the padding.
  return VALUES.get(text[index]) ?? 0;
}
