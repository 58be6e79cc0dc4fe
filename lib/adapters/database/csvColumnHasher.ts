import { Transform } from 'node:stream';
import { DataLakeError } from '../../core/errors';
import type { HmacColumn } from '../../core/extract';
import { HmacSha256Batch } from '../../hmac/HmacSha256Batch';

const COMMA = 0x2c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
/** Bytes of a lower-case hex HMAC-SHA-256. */
const HEX_BYTES = 64;
/** Numbers kept per hashed value in `spans`: field start, field end, batch index, field index, record. */
const SPAN = 5;

/**
 * Hashes the chosen fields of a chunk of PostgreSQL CSV. Only PostgreSQL's own CSV is read, as
 * `COPY … TO STDOUT (FORMAT csv)` writes it (https://www.postgresql.org/docs/current/sql-copy.html,
 * "CSV Format"): `,` between fields, `\n` after each record, a field quoted with `"` only when it
 * holds `,` `"` `\r` `\n` or equals the NULL string (the empty one, so an empty string is `""`),
 * an inner `"` doubled, and NULL the empty string unquoted.
 */
class ChunkHasher {
  private readonly batch: HmacSha256Batch;
  /** 1 at each field index that is hashed, up to the last one. */
  private readonly hashed: Uint8Array;
  private readonly lastHashed: number;
  /** Per hashed value of the chunk, {@link SPAN} numbers; reused from chunk to chunk. */
  private spans: number[] = [];
  /** Records of the stream before the current chunk, for error messages. */
  private recordsBefore = 0;

  /** The hashed columns' source names by field position, for error messages. */
  private readonly columns: ReadonlyMap<number, string>;

  public constructor(columns: readonly HmacColumn[], key: string) {
    this.columns = new Map(columns.map(({ index, column }) => [index, column]));
    const indexes = [...this.columns.keys()];
    if (indexes.length === 0 || indexes.some((index) => !Number.isInteger(index) || index < 0)) {
      throw new DataLakeError(
        `Invalid hashed CSV fields: received [${indexes.join(', ')}]; allowed: one or more field positions, integers from 0`,
      );
    }
    this.lastHashed = Math.max(...indexes);
    this.hashed = new Uint8Array(this.lastHashed + 1);
    for (const index of indexes) this.hashed[index] = 1;
    this.batch = new HmacSha256Batch(key);
  }

  /** The chunk with each hashed field replaced by its hex HMAC; a chunk of whole records only. */
  public hash(chunk: Buffer): Buffer {
    const length = chunk.length;
    // Searched as latin1 text, one character a byte, so offsets in it are offsets in the chunk:
    // String#indexOf is a JIT builtin, several times cheaper a call than Buffer#indexOf, and
    // UTF-8 never puts the bytes of `,` `"` `\n` inside a multi-byte character.
    const text = chunk.toString('latin1');
    // A plain Uint8Array view: its subarrays are cheaper to make than a Buffer's.
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, length);
    const hashed = this.hashed;
    const lastHashed = this.lastHashed;
    const spans = this.spans;
    spans.length = 0;
    this.batch.clear();
    // The next comma, newline and quote at or after the scan position (`length` for none): each is
    // searched again only once the scan has passed it.
    let nextComma = -1;
    let nextNewline = -1;
    let nextQuote = -1;
    let record = 0;
    let outLength = length;
    let position = 0;
    while (position < length) {
      record += 1;
      // Fields up to the last hashed one: only here are fields counted.
      for (let field = 0; ; field += 1) {
        const start = position;
        let end: number;
        let escaped = false;
        if (text.charCodeAt(position) === QUOTE) {
          let close = text.indexOf('"', position + 1);
          while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) {
            escaped = true;
            close = text.indexOf('"', close + 2);
          }
          if (close === -1) throw this.unfinished(record);
          end = close + 1;
        } else {
          // Unquoted: PostgreSQL quotes every value holding a comma, quote or newline.
          if (nextComma < position) {
            nextComma = text.indexOf(',', position);
            if (nextComma === -1) nextComma = length;
          }
          if (nextNewline < position) {
            nextNewline = text.indexOf('\n', position);
            if (nextNewline === -1) nextNewline = length;
          }
          end = nextComma < nextNewline ? nextComma : nextNewline;
        }
        if (end >= length) throw this.unfinished(record);
        const delimiter = text.charCodeAt(end);
        if (delimiter !== COMMA && delimiter !== NEWLINE) throw this.malformed(record, field);
        // An empty unquoted field is NULL and stays empty; a quoted `""` is the empty string.
        if (hashed[field] === 1 && end > start) {
          const index = escaped
            ? this.addUnescaped(text, bytes, start + 1, end - 1)
            : text.charCodeAt(start) === QUOTE
              ? this.batch.add(bytes, start + 1, end - 1)
              : this.batch.add(bytes, start, end);
          spans.push(start, end, index, field, record);
          outLength += HEX_BYTES - (end - start);
        }
        position = end;
        if (field === lastHashed) break;
        if (delimiter === NEWLINE) throw this.tooFewFields(record, field + 1);
        position += 1;
      }
      // The rest of the record is copied as it is: only its end is needed, the first newline
      // outside quotes. Quotes pair up (a doubled one opens the next pair), so skipping from each
      // quote to the next one steps over every quoted stretch.
      for (;;) {
        if (nextNewline < position) {
          nextNewline = text.indexOf('\n', position);
          if (nextNewline === -1) nextNewline = length;
        }
        if (nextNewline === length) throw this.unfinished(record);
        if (nextQuote < position) {
          nextQuote = text.indexOf('"', position);
          if (nextQuote === -1) nextQuote = length;
        }
        if (nextQuote > nextNewline) break;
        const close = text.indexOf('"', nextQuote + 1);
        if (close === -1) throw this.unfinished(record);
        position = close + 1;
      }
      position = nextNewline + 1;
    }
    const invalid = spans.length === 0 ? -1 : this.batch.digest();
    if (invalid !== -1) throw this.notUtf8(invalid);
    this.recordsBefore += record;
    return this.write(bytes, chunk, outLength);
  }

  /**
   * Queues the inside of a quoted value with each doubled quote made single, unescaped into a
   * buffer of its own (the batch copies it; doubled quotes in a hashed value are rare).
   */
  private addUnescaped(text: string, bytes: Uint8Array, start: number, end: number): number {
    const unescaped = new Uint8Array(end - start);
    let length = 0;
    let from = start;
    for (;;) {
      const quote = text.indexOf('"', from);
      // Up to and with the first quote of a pair; its second is skipped.
      const to = quote === -1 || quote >= end ? end : quote + 1;
      unescaped.set(bytes.subarray(from, to), length);
      length += to - from;
      if (to === end) break;
      from = to + 1;
    }
    return this.batch.add(unescaped, 0, length);
  }

  /** The output chunk: the input's bytes between hashed fields, each hashed field as its 64 hex bytes. */
  private write(bytes: Uint8Array, chunk: Buffer, outLength: number): Buffer {
    const spans = this.spans;
    if (spans.length === 0) return chunk;
    const out = Buffer.allocUnsafe(outLength);
    let written = 0;
    let from = 0;
    for (let at = 0; at < spans.length; at += SPAN) {
      const start = spans[at] as number;
      out.set(bytes.subarray(from, start), written);
      written += start - from;
      this.batch.writeHex(spans[at + 2] as number, out, written);
      written += HEX_BYTES;
      from = spans[at + 1] as number;
    }
    out.set(bytes.subarray(from), written);
    return out;
  }

  private unfinished(record: number): DataLakeError {
    return new DataLakeError(
      `CSV record ${this.recordsBefore + record} of the COPY stream is cut: a chunk must end with a whole record (csvRecordAligner before the hasher)`,
    );
  }

  private malformed(record: number, field: number): DataLakeError {
    return new DataLakeError(
      `CSV record ${this.recordsBefore + record} of the COPY stream has a quoted field ${field + 1} followed by something other than "," or a newline; allowed: PostgreSQL's CSV`,
    );
  }

  private tooFewFields(record: number, fields: number): DataLakeError {
    let missing = fields;
    while (this.hashed[missing] !== 1) missing += 1;
    return new DataLakeError(
      `CSV record ${this.recordsBefore + record} of the COPY stream has ${fields} field(s); the hashed column "${this.columns.get(missing)}" is field ${missing + 1}`,
    );
  }

  private notUtf8(index: number): DataLakeError {
    let at = 0;
    while (this.spans[at + 2] !== index) at += SPAN;
    const field = this.spans[at + 3] as number;
    const record = this.spans[at + 4] as number;
    return new DataLakeError(
      `The value of the hashed column "${this.columns.get(field)}" in CSV record ${this.recordsBefore + record} of the COPY stream is not valid UTF-8; the hash mask takes UTF-8 text only`,
    );
  }
}

/**
 * A Transform over PostgreSQL `COPY … TO STDOUT (FORMAT csv)` output that replaces each field at
 * a position in `columns` by the `hash` mask of its value: the lower-case hex HMAC-SHA-256 keyed
 * by `key` (UTF-8) of the value's bytes once its CSV quoting is undone, written unquoted (the same
 * text the transform's DuckDB `hash` mask gives a text column). A NULL (empty unquoted field)
 * stays NULL; an empty string (`""`) becomes the HMAC of no bytes. Every other byte passes
 * unchanged.
 *
 * The input must be cut into whole records ({@link csvRecordAligner} before it). Each chunk's
 * values are hashed as one batch ({@link HmacSha256Batch}), and each record is read only up to its
 * last hashed field: the rest is found by its newline and copied in one piece.
 *
 * @param columns the hashed fields: each one's 0-based position in the record and its column's
 *   source name (named in errors; values never are), as `SourceQuery.hmacColumns` lists them
 * @param key the HMAC key, the salt secret's string
 * @throws DataLakeError (at construction) for no columns or a position that is not an integer ≥ 0;
 *   (as the stream's error) for a record with too few fields or a hashed value that is not valid
 *   UTF-8, naming the column, and for a chunk that does not end with a whole record
 * @example
 * ```ts
 * await pipeline(client.query(copyTo(sql)), csvRecordAligner(), csvColumnHasher([{ index: 4, column: 'email' }], salt), target);
 * ```
 */
export function csvColumnHasher(columns: readonly HmacColumn[], key: string): Transform {
  const hasher = new ChunkHasher(columns, key);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.length === 0) {
        done();
        return;
      }
      let out: Buffer;
      try {
        out = hasher.hash(chunk);
      } catch (error) {
        done(error as Error);
        return;
      }
      done(null, out);
    },
  });
}
