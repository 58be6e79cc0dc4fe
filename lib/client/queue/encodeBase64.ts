const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * `bytes` as standard base64 with padding (RFC 4648 §4). Written out because neither `btoa` nor
 * `Buffer` is on every platform the client runs on (React Native's engines, workers).
 *
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([104, 105])); // 'aGk='
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  let index = 0;
  for (; index + 2 < bytes.length; index += 3) {
    const triple = (bytes[index] << 16) | (bytes[index + 1] << 8) | bytes[index + 2];
    text +=
      ALPHABET[triple >> 18] +
      ALPHABET[(triple >> 12) & 63] +
      ALPHABET[(triple >> 6) & 63] +
      ALPHABET[triple & 63];
  }
  const left = bytes.length - index;
  if (left === 1) {
    const single = bytes[index] << 16;
    text += `${ALPHABET[single >> 18]}${ALPHABET[(single >> 12) & 63]}==`;
  } else if (left === 2) {
    const pair = (bytes[index] << 16) | (bytes[index + 1] << 8);
    text += `${ALPHABET[pair >> 18]}${ALPHABET[(pair >> 12) & 63]}${ALPHABET[(pair >> 6) & 63]}=`;
  }
  return text;
}
