const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
/** From this length a value is checked for quotes and copied natively; shorter ones are copied byte by byte, which costs less than the two native calls. */
const NATIVE_COPY_MIN = 24;

/**
 * The most bytes {@link writeCsvRecord} can write for `values`: every byte doubled (all quotes),
 * two quotes and a comma per value, and the newline.
 *
 * @example
 * ```ts
 * csvRecordMaxBytes([Buffer.from('ab'), null]); // 11
 * ```
 */
export function csvRecordMaxBytes(values: readonly (Uint8Array | null)[]): number {
  let bytes = 1;
  for (const value of values) bytes += value === null ? 1 : 2 * value.length + 3;
  return bytes;
}

/**
 * Writes one CSV record (with its newline) of UTF-8 `values` into `out` at `offset` and returns
 * the offset after it, in the shape PostgreSQL's `COPY … (FORMAT csv)` writes and the extract's
 * DuckDB reader expects: NULL as an empty unquoted field, every other value quoted with inner `"`
 * doubled, so an empty string (`""`) stays distinct from NULL and commas, quotes and newlines
 * inside values survive. The bytes are copied as they are (no decoding), so `out` must have
 * {@link csvRecordMaxBytes} free from `offset`.
 *
 * @example
 * ```ts
 * const out = Buffer.alloc(64);
 * const end = writeCsvRecord([Buffer.from('안녕 "hi"'), null, Buffer.alloc(0)], out, 0);
 * out.toString('utf8', 0, end); // '"안녕 ""hi""",,""\n'
 * ```
 */
export function writeCsvRecord(
  values: readonly (Uint8Array | null)[],
  out: Uint8Array,
  offset: number,
): number {
  let at = offset;
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) out[at++] = COMMA;
    const value = values[index];
    if (value === null || value === undefined) continue;
    out[at++] = QUOTE;
    if (value.length >= NATIVE_COPY_MIN && value.indexOf(QUOTE) === -1) {
      out.set(value, at);
      at += value.length;
    } else {
      for (let byte = 0; byte < value.length; byte += 1) {
        const code = value[byte] as number;
        if (code === QUOTE) out[at++] = QUOTE;
        out[at++] = code;
      }
    }
    out[at++] = QUOTE;
  }
  out[at++] = NEWLINE;
  return at;
}
