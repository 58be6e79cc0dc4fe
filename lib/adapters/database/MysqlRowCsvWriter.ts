import { DataLakeError } from '../../core/errors';
import type { HmacColumn } from '../../core/extract';
import type { HmacSha256Batch } from '../../hmac';

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
/** Length-encoded integer prefixes of the text protocol: NULL, then 2, 3 and 8 length bytes. */
const NULL_VALUE = 0xfb;
const LENGTH_2 = 0xfc;
const LENGTH_3 = 0xfd;
/**
 * From this length a quote-free value is copied natively; shorter ones four bytes at a time in JS,
 * which costs less than the native call (about 85 ns, the cost of copying some 150 bytes in JS).
 */
const NATIVE_COPY_MIN = 256;
/** Lower-case hex digits by nibble, as `Buffer#toString('hex')` writes them. */
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** How a column's value is written: the server's text, its bytes as hex, or its HMAC's hex. */
const HEX = 1;
const HMAC = 2;
/** An HMAC-SHA-256 as hex: 32 bytes, two digits each. */
const HMAC_HEX_BYTES = 64;

/** The columns whose `hash` mask the writer computes, and the batch that hashes them. */
export interface CsvHmacColumns {
  /** Their indexes in the result and names (for errors). */
  readonly columns: readonly HmacColumn[];
  /** Keyed by the mask salt: the writer queues each value and fills its hex in at `finish`. */
  readonly batch: HmacSha256Batch;
}

/**
 * Writes rows of MySQL's text protocol (a result row packet's payload: per column a
 * length-encoded string of the server's text, or 0xFB for NULL) as CSV records straight from the
 * packet's bytes, in the shape PostgreSQL's `COPY … (FORMAT csv)` writes and the extract's DuckDB
 * reader expects: NULL as an empty unquoted field, every other value quoted with inner `"`
 * doubled (so `""` is the empty string), each record ending with a newline. The columns at
 * `hexColumns` hold raw bytes and are written as lower-case hex: the server's own `HEX()` returns
 * NULL for a result over `max_allowed_packet` ("Result of hex() was larger than
 * max_allowed_packet", a warning). The columns of `hmac` are written as their `hash` mask's
 * output, the lower-case hex HMAC-SHA-256 of the value: the value is queued in a batch and its
 * place in `out` left for {@link finish} to fill, since a batch hashes several times faster than
 * one value at a time. No value becomes a JS string or Buffer, which was most of the reader's CPU.
 *
 * It remembers where the next quote byte is in the packet buffer it last read: rows of one socket
 * read share a buffer, so one native search covers every row up to the next quote, and a value
 * before it is copied without looking at its bytes.
 *
 * @example
 * ```ts
 * const writer = new MysqlRowCsvWriter(2, []);
 * const packet = Buffer.from([2, 0x61, 0x22, 0xfb]); // 'a"', NULL
 * const out = Buffer.alloc(writer.maxBytes(packet.length));
 * const end = writer.write(packet, 0, packet.length, out, 0);
 * writer.finish(out);
 * out.toString('utf8', 0, end); // '"a""",\n'
 * ```
 */
export class MysqlRowCsvWriter {
  private readonly encoding: Uint8Array;
  private readonly hmacCount: number;
  /** Where each queued HMAC goes in the output, by batch index, and its column. */
  private readonly pendingAt: number[] = [];
  private readonly pendingColumn: number[] = [];
  /** The buffer searched last, from `searchedFrom`: it holds no quote before `nextQuote`. */
  private searched: Uint8Array | undefined;
  private searchedFrom = 0;
  private nextQuote = 0;
  /** Views of the last packet buffer and output, to copy values four bytes at a time. */
  private packetView: DataView | undefined;
  private out: Buffer | undefined;
  private outView: DataView | undefined;

  /**
   * @param columns the result's column count
   * @param hexColumns the indexes of the columns written as hex
   * @param hmac the columns written as their HMAC's hex. @default - none
   */
  public constructor(
    public readonly columns: number,
    hexColumns: readonly number[],
    private readonly hmac?: CsvHmacColumns,
  ) {
    this.encoding = new Uint8Array(columns);
    const mark = (indexes: readonly number[], kind: string, encoding: number) => {
      for (const index of indexes) {
        if (!Number.isInteger(index) || index < 0 || index >= columns) {
          throw new DataLakeError(
            `${kind} column index ${index} is outside the result's ${columns} columns (0 to ${columns - 1})`,
          );
        }
        this.encoding[index] = encoding;
      }
    };
    mark(hexColumns, 'Hex', HEX);
    mark(hmac?.columns.map(({ index }) => index) ?? [], 'HMAC', HMAC);
    this.hmacCount = hmac?.columns.length ?? 0;
  }

  /**
   * The most bytes {@link write} can write for a row of `payloadBytes` bytes: every value byte
   * doubled (all quotes, or hex), two quotes and a comma per column, an HMAC's hex per hashed
   * column, and the newline (each value's length prefix takes at least one payload byte).
   */
  public maxBytes(payloadBytes: number): number {
    return 2 * payloadBytes + 3 * this.columns + HMAC_HEX_BYTES * this.hmacCount + 1;
  }

  /**
   * Writes the row whose payload is `packet[start, end)` into `out` at `offset`, which must have
   * {@link maxBytes} free, and returns the offset after the record. With HMAC columns, `out` is
   * complete only after {@link finish}: call it before handing `out` on or writing into another.
   *
   * @throws DataLakeError when the payload does not hold exactly `columns` values
   */
  public write(packet: Buffer, start: number, end: number, out: Buffer, offset: number): number {
    if (packet !== this.searched || start < this.searchedFrom) this.findQuote(packet, start);
    const from = this.packetView as DataView;
    if (out !== this.out) {
      this.out = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.length);
    }
    const into = this.outView as DataView;
    let at = offset;
    let read = start;
    for (let column = 0; column < this.columns; column += 1) {
      if (column > 0) out[at++] = COMMA;
      if (read >= end) this.fail(start, end, `it ends before value ${column + 1}`);
      let length = packet[read++] as number;
      if (length >= NULL_VALUE) {
        if (length === NULL_VALUE) continue;
        if (length === LENGTH_2) {
          length = packet.readUInt16LE(read);
          read += 2;
        } else if (length === LENGTH_3) {
          length = packet.readUIntLE(read, 3);
          read += 3;
        } else {
          length = packet.readUInt32LE(read) + packet.readUInt32LE(read + 4) * 2 ** 32;
          read += 8;
        }
      }
      const valueEnd = read + length;
      if (valueEnd > end) this.fail(start, end, `value ${column + 1} runs past its end`);
      out[at++] = QUOTE;
      const encoding = this.encoding[column];
      if (encoding === HMAC) {
        this.queueHmac(packet, read, valueEnd, at, column);
        at += HMAC_HEX_BYTES;
        read = valueEnd;
      } else if (encoding === HEX) {
        for (; read < valueEnd; read += 1) {
          const byte = packet[read] as number;
          out[at++] = HEX_DIGITS[byte >> 4] as number;
          out[at++] = HEX_DIGITS[byte & 0xf] as number;
        }
      } else if (this.nextQuote >= valueEnd) {
        if (length >= NATIVE_COPY_MIN) {
          at += packet.copy(out, at, read, valueEnd);
          read = valueEnd;
        } else {
          for (; read + 4 <= valueEnd; read += 4, at += 4) into.setUint32(at, from.getUint32(read));
          while (read < valueEnd) out[at++] = packet[read++] as number;
        }
      } else {
        for (; read < valueEnd; read += 1) {
          const byte = packet[read] as number;
          if (byte === QUOTE) out[at++] = QUOTE;
          out[at++] = byte;
        }
      }
      out[at++] = QUOTE;
      if (this.nextQuote < valueEnd) this.findQuote(packet, valueEnd);
    }
    if (read !== end) this.fail(start, end, `${end - read} bytes follow the last value`);
    out[at++] = NEWLINE;
    return at;
  }

  /**
   * Hashes the values queued since the last call and writes each HMAC's hex into `out`, the buffer
   * their rows were written to.
   *
   * @throws DataLakeError naming the column (not the value) when a hashed value is not UTF-8: the
   * server's text of a string column is, so the value is corrupt, as DuckDB's CSV reader said of
   * it before the reader hashed
   */
  public finish(out: Uint8Array): void {
    const hmac = this.hmac;
    if (hmac === undefined || this.pendingAt.length === 0) return;
    try {
      const invalid = hmac.batch.digest();
      if (invalid !== -1) {
        const index = this.pendingColumn[invalid];
        const name = hmac.columns.find((column) => column.index === index)?.column;
        throw new DataLakeError(`A value of column "${name}" is not valid UTF-8: the hash mask hashes text`);
      }
      for (let index = 0; index < this.pendingAt.length; index += 1) {
        hmac.batch.writeHex(index, out, this.pendingAt[index] as number);
      }
    } finally {
      hmac.batch.clear();
      this.pendingAt.length = 0;
      this.pendingColumn.length = 0;
    }
  }

  private queueHmac(packet: Buffer, start: number, end: number, at: number, column: number): void {
    this.hmac?.batch.add(packet, start, end);
    this.pendingAt.push(at);
    this.pendingColumn.push(column);
  }

  private findQuote(packet: Buffer, from: number): void {
    const found = packet.indexOf(QUOTE, from);
    if (packet !== this.searched) {
      this.packetView = new DataView(packet.buffer, packet.byteOffset, packet.length);
      this.searched = packet;
    }
    this.searchedFrom = from;
    this.nextQuote = found === -1 ? packet.length : found;
  }

  private fail(start: number, end: number, problem: string): never {
    throw new DataLakeError(
      `A MySQL row packet of ${end - start} bytes does not hold exactly ${this.columns} values: ${problem}`,
    );
  }
}
