import { DataLakeError } from '../core/errors';
import { hmacSha256Wasm } from './hmacSha256Wasm';

/**
 * The part of the WebAssembly JS API used here. TypeScript declares `WebAssembly` only in its DOM
 * lib, which this project's Node-only tsconfig leaves out, so the global is typed here.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly __wasmModule: never;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
}

/** What hmacSha256.c exports (its memory protocol is documented at the top of that file). */
interface HmacExports {
  readonly memory: WasmMemory;
  readonly __heap_base: { readonly value: number };
  hmac_set_key(key: number, length: number): void;
  hmac_batch(data: number, ends: number, count: number, out: number): number;
}

const PAGE_BYTES = 65536;
const HEX_BYTES = 64;
const VALUE_COUNT_AT_START = 1024;

/**
 * Compiled once per process: 13 ms for the 19 KB module here, synchronously; an instance then
 * takes 0.05 ms. Its SIMD128 instructions need Node.js 16.4 or later, where WebAssembly SIMD is on
 * by default (https://emscripten.org/docs/porting/simd.html): the lake's functions run on
 * nodejs24.x (lib/infra/lambda/pipelineFunction.ts), local mode on Node 20 or later.
 */
let compiledModule: WasmModule | undefined;

function hmacModule(): WasmModule {
  const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;
  compiledModule ??= new wasm.Module(Buffer.from(hmacSha256Wasm, 'base64'));
  return compiledModule;
}

/** Rounds up to a multiple of 16; `>>> 0` keeps addresses past 2 GiB unsigned. */
const align16 = (address: number): number => ((address + 15) & ~15) >>> 0;

/**
 * HMAC-SHA-256 (RFC 2104) of many values at once, as lower-case hex: the `hash` mask's function
 * (lib/core/transform/maskSql.ts), at about 0.4 µs a short value where a `createHmac` per value
 * costs 2.5 µs. The work runs in a WebAssembly module (lib/hmac/hmacSha256.c) that hashes four
 * short values at a time with SIMD and checks each value is well-formed UTF-8 on the way, since
 * the mask hashes text.
 *
 * A batch is filled with {@link add}, hashed by {@link digest}, read with {@link writeHex} and
 * emptied with {@link clear} for the next one. Each instance has its own key and its own
 * WebAssembly memory, which grows to the largest batch it saw and is kept; values of any length
 * (tested up to 20 MiB) work. Not safe to share between concurrent users of one batch.
 *
 * @example
 * ```ts
 * const hmac = new HmacSha256Batch('my salt secret');
 * const line = Buffer.from('alice@example.com,bob@example.com');
 * hmac.add(line, 0, 17);
 * hmac.add(line, 18, 33);
 * if (hmac.digest() !== -1) throw new Error('a value is not UTF-8');
 * const out = Buffer.alloc(128);
 * hmac.writeHex(0, out, 0);
 * hmac.writeHex(1, out, 64);
 * // out.toString('latin1', 0, 64) === createHmac('sha256', 'my salt secret').update('alice@example.com').digest('hex')
 * hmac.clear();
 * ```
 */
export class HmacSha256Batch {
  readonly #exports: HmacExports;
  /** Where the batch's value bytes start (after the module's own data and stack). */
  readonly #dataStart: number;
  /** Views of the whole memory, renewed whenever it grows (growing detaches the old buffer). */
  #memory: Uint8Array;
  #words: Uint32Array;
  /** The last `out` of writeHex and a DataView of it, kept until clear() (see writeHex). */
  #target: Uint8Array | undefined;
  #targetView: DataView | undefined;
  /** End offset of each value in the data area, copied into the memory by digest(). */
  #ends = new Uint32Array(VALUE_COUNT_AT_START);
  #count = 0;
  #dataLength = 0;
  /** Where digest() wrote the hex of the current values; -1 while they are not digested. */
  #out = -1;

  /**
   * @param key the HMAC key: the salt secret's string, as UTF-8, or raw bytes (longer than 64 bytes:
   *   hashed first, RFC 2104)
   */
  public constructor(key: string | Uint8Array) {
    const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;
    this.#exports = new wasm.Instance(hmacModule(), {}).exports as HmacExports;
    this.#dataStart = align16(this.#exports.__heap_base.value);
    this.#memory = new Uint8Array(this.#exports.memory.buffer);
    this.#words = new Uint32Array(this.#exports.memory.buffer);
    const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    this.#reserve(this.#dataStart + keyBytes.length);
    // The key only passes through the data area: hmac_set_key keeps its two midstates, not the bytes.
    this.#memory.set(keyBytes, this.#dataStart);
    this.#exports.hmac_set_key(this.#dataStart, keyBytes.length);
    this.#memory.fill(0, this.#dataStart, this.#dataStart + keyBytes.length);
  }

  /** Queues bytes [start, end) of `source` (copied now); returns the value's index in the batch (0, 1, …). */
  public add(source: Uint8Array, start: number, end: number): number {
    // `x >>> 0 === x` holds for integers from 0 to 2^32 - 1 only: no NaN, fraction or negative.
    if (start >>> 0 !== start || end >>> 0 !== end || end < start || end > source.length) {
      throw new DataLakeError(
        `HmacSha256Batch.add: received the range [${start}, ${end}) of ${source.length} bytes; allowed: integers with 0 <= start <= end <= source.length`,
      );
    }
    const at = this.#dataStart + this.#dataLength;
    if (at + end - start > this.#memory.length) this.#reserve(at + end - start);
    // TypedArray#set of a subarray: as fast as Buffer#copy (0.09 µs a 49-byte value), faster than a
    // byte loop (0.13 µs), and it takes any Uint8Array.
    this.#memory.set(source.subarray(start, end), at);
    this.#dataLength += end - start;
    if (this.#count === this.#ends.length) this.#growEnds();
    this.#ends[this.#count] = this.#dataLength;
    this.#out = -1;
    return this.#count++;
  }

  /** How many values are queued. */
  public get size(): number {
    return this.#count;
  }

  /** Hashes every queued value. Returns -1 when every value was valid UTF-8, else the batch index of the first one that was not (all are hashed anyway). */
  public digest(): number {
    // The value ends, then the hex output, right after the data: the module's short-value path
    // reads up to 64 bytes from a value's start, which the output area (64 bytes a value) covers.
    const ends = align16(this.#dataStart + this.#dataLength);
    const out = ends + align16(4 * this.#count);
    this.#reserve(out + HEX_BYTES * this.#count);
    new Uint32Array(this.#exports.memory.buffer, ends, this.#count).set(this.#ends.subarray(0, this.#count));
    const firstInvalid = this.#exports.hmac_batch(this.#dataStart, ends, this.#count, out);
    this.#out = out;
    return firstInvalid;
  }

  /** After digest(): writes value `index`'s HMAC as 64 lower-case hex bytes into `out` at `offset`. */
  public writeHex(index: number, out: Uint8Array, offset: number): void {
    if (this.#out < 0 || index >>> 0 !== index || index >= this.#count) {
      throw new DataLakeError(
        this.#out < 0
          ? `HmacSha256Batch.writeHex(${index}) before digest(): call digest() after the last add()`
          : `HmacSha256Batch.writeHex: received index ${index}; allowed: an integer from 0 to ${this.#count - 1}`,
      );
    }
    if (offset >>> 0 !== offset || offset + HEX_BYTES > out.length) {
      throw new DataLakeError(
        `HmacSha256Batch.writeHex: received offset ${offset} into ${out.length} bytes; allowed: an integer from 0 to ${out.length - HEX_BYTES}`,
      );
    }
    // Sixteen 4-byte copies through a DataView of `out` (kept while the same `out` comes back, as a
    // CSV writer's chunk does) took half the time of out.set(memory.subarray(...)), which allocates.
    // Little-endian both ways, as WebAssembly memory and every host Lambda runs on (x86-64, arm64).
    if (out !== this.#target) {
      this.#target = out;
      this.#targetView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    const view = this.#targetView as DataView;
    const words = this.#words;
    const from = (this.#out + HEX_BYTES * index) >>> 2; // the output area is 16-byte aligned
    for (let word = 0; word < HEX_BYTES / 4; word++)
      view.setUint32(offset + 4 * word, words[from + word] as number, true);
  }

  /** Empties the batch (memory is kept for the next). */
  public clear(): void {
    this.#count = 0;
    this.#dataLength = 0;
    this.#out = -1;
    this.#target = undefined;
    this.#targetView = undefined;
  }

  /** Grows the memory to hold `bytes` at least, doubling so that a growing batch grows it rarely. */
  #reserve(bytes: number): void {
    const memory = this.#exports.memory;
    const have = memory.buffer.byteLength;
    if (bytes <= have) return;
    const needed = Math.ceil((bytes - have) / PAGE_BYTES);
    try {
      memory.grow(Math.max(needed, have / PAGE_BYTES));
    } catch {
      // Doubling may pass the 4 GiB of wasm32 where the exact need does not.
      try {
        memory.grow(needed);
      } catch (error) {
        throw new DataLakeError(
          `HmacSha256Batch: cannot grow its WebAssembly memory from ${have} to ${bytes} bytes for this batch; hash fewer or smaller values per batch`,
          { cause: error },
        );
      }
    }
    this.#memory = new Uint8Array(memory.buffer);
    this.#words = new Uint32Array(memory.buffer);
  }

  #growEnds(): void {
    const ends = new Uint32Array(2 * this.#ends.length);
    ends.set(this.#ends);
    this.#ends = ends;
  }
}
