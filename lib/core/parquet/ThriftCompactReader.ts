import { DataLakeError } from '../errors';

/** Thrift compact protocol type ids (the low nibble of a field header or list header). */
const TYPE = {
  stop: 0,
  true: 1,
  false: 2,
  byte: 3,
  i16: 4,
  i32: 5,
  i64: 6,
  double: 7,
  binary: 8,
  list: 9,
  set: 10,
  map: 11,
  struct: 12,
  uuid: 13,
} as const;

/** A field header of a struct: its id and its compact type id. */
export interface ThriftField {
  readonly id: number;
  readonly type: number;
}

/**
 * Reads the Thrift compact protocol (the encoding of Parquet's footer, `FileMetaData`): struct
 * field headers, zigzag varint integers, and enough of every other type to skip it. It reads only
 * what a caller asks for and skips the rest, so it needs no generated Parquet classes.
 *
 * See the Thrift compact protocol specification (thrift/doc/specs/thrift-compact-protocol.md).
 *
 * @example
 * ```ts
 * const reader = new ThriftCompactReader(footer, 'part-00000.parquet');
 * for (let field = reader.fieldHeader(); field; field = reader.fieldHeader()) reader.skip(field.type);
 * ```
 */
export class ThriftCompactReader {
  private position = 0;
  private lastFieldIds: number[] = [0];

  /**
   * @param bytes the encoded value
   * @param what the value's origin, named in errors (e.g. the object's key)
   */
  public constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  /** The next field header of the current struct, or `undefined` at its stop byte. */
  public fieldHeader(): ThriftField | undefined {
    const header = this.byte();
    const type = header & 0x0f;
    if (type === TYPE.stop) return undefined;
    const delta = header >> 4;
    const last = this.lastFieldIds.at(-1) ?? 0;
    const id = delta === 0 ? Number(this.zigzag()) : last + delta;
    this.lastFieldIds[this.lastFieldIds.length - 1] = id;
    return { id, type };
  }

  /** A zigzag varint: an i16, i32 or i64 field's value. */
  public zigzag(): bigint {
    const value = this.varint();
    return (value >> 1n) ^ -(value & 1n);
  }

  /** Skips a value of compact type `type` (a field's value or a struct's remaining fields). */
  public skip(type: number): void {
    switch (type) {
      case TYPE.true:
      case TYPE.false:
        return; // a boolean field carries its value in the type nibble
      case TYPE.byte:
        this.advance(1);
        return;
      case TYPE.i16:
      case TYPE.i32:
      case TYPE.i64:
        this.varint();
        return;
      case TYPE.double:
        this.advance(8);
        return;
      case TYPE.uuid:
        this.advance(16);
        return;
      case TYPE.binary:
        this.advance(this.length());
        return;
      case TYPE.list:
      case TYPE.set:
        this.skipList();
        return;
      case TYPE.map:
        this.skipMap();
        return;
      case TYPE.struct:
        this.skipStruct();
        return;
      default:
        throw this.error(`unknown Thrift compact type ${type}`);
    }
  }

  private skipStruct(): void {
    this.lastFieldIds.push(0);
    for (let field = this.fieldHeader(); field !== undefined; field = this.fieldHeader()) {
      this.skip(field.type);
    }
    this.lastFieldIds.pop();
  }

  private skipList(): void {
    const header = this.byte();
    const size = header >> 4 === 0x0f ? this.length() : header >> 4;
    const elementType = header & 0x0f;
    for (let index = 0; index < size; index += 1) this.skipElement(elementType);
  }

  private skipMap(): void {
    const size = this.length();
    if (size === 0) return;
    const types = this.byte();
    for (let index = 0; index < size; index += 1) {
      this.skipElement(types >> 4);
      this.skipElement(types & 0x0f);
    }
  }

  /** Inside a list, set or map a boolean takes one byte, unlike a boolean field. */
  private skipElement(type: number): void {
    if (type === TYPE.true || type === TYPE.false) this.advance(1);
    else this.skip(type);
  }

  private length(): number {
    const length = this.varint();
    if (length > BigInt(this.bytes.length - this.position)) {
      throw this.error(`a length of ${length} bytes runs past the end`);
    }
    return Number(length);
  }

  private varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw this.error('a varint longer than 10 bytes');
  }

  private byte(): number {
    const byte = this.bytes[this.position];
    if (byte === undefined) throw this.error('it ends in the middle of a value');
    this.position += 1;
    return byte;
  }

  private advance(count: number): void {
    if (this.position + count > this.bytes.length) throw this.error('it ends in the middle of a value');
    this.position += count;
  }

  private error(problem: string): DataLakeError {
    return new DataLakeError(
      `Cannot read the Parquet footer of ${this.what}: ${problem} (at byte ${this.position} of ${this.bytes.length}); allowed: a Thrift compact FileMetaData`,
    );
  }
}
