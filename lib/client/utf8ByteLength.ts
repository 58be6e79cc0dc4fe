/**
 * The bytes `text` takes in UTF-8, as `TextEncoder` would encode it (a lone surrogate becomes
 * U+FFFD, 3 bytes), without encoding it: a record's size counts its partition key's bytes, and
 * encoding a key only to count them allocates a buffer per event.
 *
 * @example
 * ```ts
 * utf8ByteLength('u-42'); // 4
 * utf8ByteLength('사용자'); // 9
 * ```
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
      continue;
    }
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      // A surrogate pair: two UTF-16 units, one 4-byte character.
      bytes += 2;
      index += 1;
      continue;
    }
    bytes += 2;
  }
  return bytes;
}
