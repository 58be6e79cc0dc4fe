import { isUtf8 } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { DataLakeError } from '../../lib/core/errors';
import { HmacSha256Batch } from '../../lib/hmac';
import { hmacSha256Wasm } from '../../lib/hmac/hmacSha256Wasm';
import { random32 } from '../helpers/random32';

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { memory: { buffer: ArrayBuffer } } };
}

const reference = (key: string | Uint8Array, value: Uint8Array): string =>
  createHmac('sha256', key).update(value).digest('hex');

/** Seeded floats in [0, 1), so a failing random case is the same on the next run. */
function seededRandom(seed: number): () => number {
  const next = random32(seed);
  return () => next() / 2 ** 32;
}

function randomBytes(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** Adds `values` from one shared buffer (as the CSV writers do), digests and reads every hex back. */
function hashAll(
  hmac: HmacSha256Batch,
  values: readonly Uint8Array[],
): { hex: string[]; firstInvalid: number } {
  const source = Buffer.concat(values);
  let start = 0;
  for (const [index, value] of values.entries()) {
    expect(hmac.add(source, start, start + value.length)).toBe(index);
    start += value.length;
  }
  const firstInvalid = hmac.digest();
  const out = Buffer.alloc(64 * values.length);
  for (let index = 0; index < values.length; index++) hmac.writeHex(index, out, 64 * index);
  return { hex: values.map((_, index) => out.toString('latin1', 64 * index, 64 * index + 64)), firstInvalid };
}

describe('HmacSha256Batch', () => {
  // RFC 4231 section 4 (test case 5 truncates the output, so it is left out).
  const hex = (text: string): Buffer => Buffer.from(text, 'hex');
  it.each([
    [
      'test case 1',
      Buffer.alloc(20, 0x0b),
      Buffer.from('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      'test case 2',
      Buffer.from('Jefe'),
      Buffer.from('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      'test case 3',
      Buffer.alloc(20, 0xaa),
      Buffer.alloc(50, 0xdd),
      '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    ],
    [
      'test case 4',
      hex('0102030405060708090a0b0c0d0e0f10111213141516171819'),
      Buffer.alloc(50, 0xcd),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      'test case 6 (a key longer than a block)',
      Buffer.alloc(131, 0xaa),
      Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'test case 7 (key and data longer than a block)',
      Buffer.alloc(131, 0xaa),
      Buffer.from(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('gives RFC 4231 %s, alone and five times in one batch', (_, key, data, expected) => {
    // Arrange: alone takes the scalar path; four of five copies take the 4-lane one when short
    const hmac = new HmacSha256Batch(key);

    // Act
    const alone = hashAll(hmac, [data]).hex;
    hmac.clear();
    const fiveTimes = hashAll(hmac, [data, data, data, data, data]).hex;

    // Assert
    expect(alone).toEqual([expected]);
    expect(fiveTimes).toEqual(Array(5).fill(expected));
  });

  it('takes a string key as its UTF-8 bytes, hashing one longer than a block first', () => {
    // Arrange
    const keys = ['bench-salt', 'pepper-🧂-소금', `${'긴 열쇠 '.repeat(20)}😀`, ''];
    const value = Buffer.from('kim@example.com');

    // Act
    const hashes = keys.map((key) => hashAll(new HmacSha256Batch(key), [value]).hex[0]);

    // Assert
    expect(hashes).toEqual(keys.map((key) => reference(key, value)));
  });

  it('matches createHmac for every length from 0 to 300 bytes, interleaved in one batch', () => {
    // Arrange: short and long lengths alternate, so 4-lane groups form around scalar values
    const random = seededRandom(1);
    const lengths = Array.from({ length: 301 }, (_, i) => (i % 2 === 0 ? i / 2 : 300 - (i - 1) / 2));
    const values = lengths.map((length) => randomBytes(random, length));
    const key = randomBytes(random, 40);

    // Act
    const { hex } = hashAll(new HmacSha256Batch(key), values);

    // Assert
    expect(new Set(lengths).size).toBe(301);
    expect(hex).toEqual(values.map((value) => reference(key, value)));
  });

  it('matches createHmac for 1,000 random values under random keys of 0 to 200 bytes', () => {
    // Arrange: 20 keys, 50 values each; most values short (the 4-lane path), some up to 3,000 bytes
    const random = seededRandom(2);
    const cases = Array.from({ length: 20 }, () => ({
      key: randomBytes(random, Math.floor(random() * 201)),
      values: Array.from({ length: 50 }, () =>
        randomBytes(random, Math.floor(random() * (random() < 0.7 ? 80 : 3000))),
      ),
    }));

    // Act
    const hashes = cases.map(({ key, values }) => hashAll(new HmacSha256Batch(key), values).hex);

    // Assert
    expect(hashes).toEqual(cases.map(({ key, values }) => values.map((value) => reference(key, value))));
  });

  it.each([1, 3, 4, 5, 7, 8, 9])(
    'matches createHmac at the one-block boundary lengths, in batches of %i',
    (batchSize) => {
      // Arrange: 55 bytes is the longest value that fits the block after the key's
      const random = seededRandom(batchSize);
      const lengths = [55, 56, 63, 64, 65, 119, 120, 54, 0, 1];
      const values = Array.from({ length: 3 * batchSize }, (_, i) =>
        randomBytes(random, lengths[i % lengths.length] ?? 0),
      );
      const hmac = new HmacSha256Batch('boundary');

      // Act
      const hex: string[] = [];
      for (let i = 0; i < values.length; i += batchSize) {
        hex.push(...hashAll(hmac, values.slice(i, i + batchSize)).hex);
        hmac.clear();
      }

      // Assert
      expect(hex).toEqual(values.map((value) => reference('boundary', value)));
    },
  );

  it('hashes a 20 MiB value between short ones', () => {
    // Arrange
    const random = seededRandom(3);
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = Math.floor(random() * 256);
    const values = [Buffer.from('before'), big, Buffer.from('after'), Buffer.from('x'), Buffer.from('y')];

    // Act
    const { hex } = hashAll(new HmacSha256Batch('big'), values);

    // Assert
    expect(hex).toEqual(values.map((value) => reference('big', value)));
  });

  it('hashes a batch whose bytes exceed the initial memory four times over', () => {
    // Arrange: the module's own initial memory, read from an instance of it
    // (the global typed by hand: TypeScript declares WebAssembly only in its DOM lib)
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const initialBytes = new wasm.Instance(new wasm.Module(Buffer.from(hmacSha256Wasm, 'base64')), {}).exports
      .memory.buffer.byteLength;
    const random = seededRandom(4);
    const values: Buffer[] = [];
    for (let total = 0; total < 4 * initialBytes; total += values[values.length - 1]?.length ?? 0) {
      values.push(randomBytes(random, Math.floor(random() * 120)));
    }

    // Act
    const { hex } = hashAll(new HmacSha256Batch('grow'), values);

    // Assert
    expect(initialBytes).toBeLessThan(1024 * 1024);
    expect(hex).toEqual(values.map((value) => reference('grow', value)));
  });

  it('reuses a batch after clear(): indices restart at 0 and earlier values leave no trace', () => {
    // Arrange
    const hmac = new HmacSha256Batch('reuse');
    const first = Array.from({ length: 2000 }, (_, i) => Buffer.from(`first ${i} 😀`.repeat((i % 7) + 1)));
    const second = [
      Buffer.from('b'),
      Buffer.from('second value, longer than fifty-five bytes for the scalar path'),
    ];
    const third = [Buffer.from('c')];

    // Act
    const firstHex = hashAll(hmac, first).hex;
    hmac.clear();
    const sizeAfterClear = hmac.size;
    const secondHex = hashAll(hmac, second).hex;
    hmac.clear();
    const thirdHex = hashAll(hmac, third).hex;

    // Assert
    expect(firstHex).toEqual(first.map((value) => reference('reuse', value)));
    expect(sizeAfterClear).toBe(0);
    expect(secondHex).toEqual(second.map((value) => reference('reuse', value)));
    expect(thirdHex).toEqual(third.map((value) => reference('reuse', value)));
    expect(hmac.size).toBe(1);
  });

  it('copies the value when added: later changes to the source do not change its hash', () => {
    // Arrange
    const hmac = new HmacSha256Batch('copy');
    const source = Buffer.from('xxoriginalxx');
    hmac.add(source, 2, 10);
    source.fill(0);

    // Act
    hmac.digest();
    const out = Buffer.alloc(70, '-');
    hmac.writeHex(0, out, 3);

    // Assert
    expect(out.toString('latin1', 3, 67)).toBe(reference('copy', Buffer.from('original')));
    expect(out.toString('latin1', 0, 3) + out.toString('latin1', 67)).toBe('------');
  });

  it('writes into views at an offset of a larger buffer, alternating between two of them', () => {
    // Arrange
    const hmac = new HmacSha256Batch('views');
    const values = ['one', 'two', 'three'].map((text) => Buffer.from(text));
    hashAll(hmac, values);
    const backing = new ArrayBuffer(400);
    const first = new Uint8Array(backing, 3, 200);
    const second = new Uint8Array(backing, 203, 197);

    // Act
    hmac.writeHex(0, first, 1);
    hmac.writeHex(1, second, 5);
    hmac.writeHex(2, first, 70);

    // Assert
    const text = (view: Uint8Array, at: number) =>
      Buffer.from(view.buffer, view.byteOffset + at, 64).toString();
    expect([text(first, 1), text(second, 5), text(first, 70)]).toEqual(
      values.map((value) => reference('views', value)),
    );
    expect(new Uint8Array(backing, 0, 4)).toEqual(new Uint8Array(4));
  });

  it('returns -1 from digest() of an empty batch', () => {
    // Act
    const firstInvalid = new HmacSha256Batch('empty').digest();

    // Assert
    expect(firstInvalid).toBe(-1);
  });

  describe('UTF-8 check', () => {
    const cases: readonly [string, Buffer][] = [
      ['ASCII', Buffer.from('kim@example.com')],
      ['Korean (3-byte sequences)', Buffer.from('중고 상품 팝니다')],
      ['an emoji (a 4-byte sequence)', Buffer.from('거의 새것 😀')],
      ['2-byte sequences, long enough for the 8-byte ASCII skip', Buffer.from('ascii then ümlaut ünd ñ, é')],
      ['the highest code point U+10FFFF', Buffer.from([0xf4, 0x8f, 0xbf, 0xbf])],
      ['U+D7FF and U+E000 around the surrogates', Buffer.from([0xed, 0x9f, 0xbf, 0xee, 0x80, 0x80])],
      ['the empty value', Buffer.alloc(0)],
      ['a lone continuation byte', Buffer.from([0x61, 0x80, 0x62])],
      ['the overlong encoding C0 AF', Buffer.from([0xc0, 0xaf])],
      ['the overlong 3-byte E0 80 AF', Buffer.from([0xe0, 0x80, 0xaf])],
      ['the surrogate ED A0 80', Buffer.from([0xed, 0xa0, 0x80])],
      ['a sequence truncated at the end', Buffer.from([...Buffer.from('truncated: '), 0xf0, 0x9f, 0x98])],
      ['a code point above U+10FFFF (F4 90 80 80)', Buffer.from([0xf4, 0x90, 0x80, 0x80])],
      ['an invalid byte after 8 ASCII bytes', Buffer.from([...Buffer.from('12345678'), 0xff])],
    ];

    it.each(cases)('gives isUtf8’s answer for %s, alone', (_, value) => {
      // Act
      const { firstInvalid } = hashAll(new HmacSha256Batch('utf8'), [value]);

      // Assert
      expect(firstInvalid).toBe(isUtf8(value) ? -1 : 0);
    });

    it('returns the index of the first invalid value of a batch and still hashes every value', () => {
      // Arrange: each value after a valid one, in a batch; the truncated one's next value starts
      // with the continuation bytes that would complete it, so only a per-value check sees it
      const values = cases.flatMap(([, value]) => [Buffer.from('valid'), value]);
      values.splice(1, 0, Buffer.from([0xe2, 0x82]), Buffer.from([0xac]));
      const expected = values.findIndex((value) => !isUtf8(value));

      // Act
      const { hex, firstInvalid } = hashAll(new HmacSha256Batch('utf8'), values);

      // Assert
      expect(expected).toBe(1);
      expect(firstInvalid).toBe(expected);
      expect(hex).toEqual(values.map((value) => reference('utf8', value)));
    });

    it('gives isUtf8’s answer for each of 2,000 random byte strings', () => {
      // Arrange: bytes drawn from the lead bytes and continuation bytes, so some are valid
      const random = seededRandom(5);
      const alphabet = [
        0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
      ];
      const values = Array.from({ length: 2000 }, () =>
        Buffer.from(
          Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * 15)] ?? 0),
        ),
      );

      // Act
      const answers = values.map(
        (value) => hashAll(new HmacSha256Batch('utf8'), [value]).firstInvalid === -1,
      );

      // Assert
      expect(answers).toEqual(values.map((value) => isUtf8(value)));
      expect(answers.filter(Boolean).length).toBeGreaterThan(100);
    });
  });

  describe('misuse', () => {
    it('refuses writeHex before digest() and after an add() that follows it', () => {
      // Arrange
      const hmac = new HmacSha256Batch('misuse');
      hmac.add(Buffer.from('a'), 0, 1);
      const out = Buffer.alloc(64);

      // Act
      const beforeDigest = () => hmac.writeHex(0, out, 0);
      hmac.digest();
      hmac.add(Buffer.from('b'), 0, 1);
      const afterAdd = () => hmac.writeHex(0, out, 0);

      // Assert
      expect(beforeDigest).toThrow(DataLakeError);
      expect(beforeDigest).toThrow(/before digest\(\)/);
      expect(afterAdd).toThrow(/before digest\(\)/);
    });

    it('refuses writeHex after clear()', () => {
      // Arrange
      const hmac = new HmacSha256Batch('misuse');
      hmac.add(Buffer.from('a'), 0, 1);
      hmac.digest();

      // Act
      hmac.clear();

      // Assert
      expect(() => hmac.writeHex(0, Buffer.alloc(64), 0)).toThrow(/before digest\(\)/);
    });

    it.each([-1, 2, 0.5, Number.NaN])('refuses writeHex of index %p in a batch of 2', (index) => {
      // Arrange
      const hmac = new HmacSha256Batch('misuse');
      hmac.add(Buffer.from('ab'), 0, 1);
      hmac.add(Buffer.from('ab'), 1, 2);
      hmac.digest();

      // Act
      const write = () => hmac.writeHex(index, Buffer.alloc(64), 0);

      // Assert
      expect(write).toThrow(DataLakeError);
      expect(write).toThrow(/allowed: an integer from 0 to 1/);
    });

    it.each([-1, 1.5, 37])('refuses writeHex at offset %p of 100 bytes, writing nothing', (offset) => {
      // Arrange
      const hmac = new HmacSha256Batch('misuse');
      hmac.add(Buffer.from('a'), 0, 1);
      hmac.digest();
      const out = Buffer.alloc(100);

      // Act
      const write = () => hmac.writeHex(0, out, offset);

      // Assert
      expect(write).toThrow(DataLakeError);
      expect(write).toThrow(/allowed: an integer from 0 to 36/);
      expect(out).toEqual(Buffer.alloc(100));
    });

    it.each([
      [-1, 1],
      [2, 1],
      [0, 4],
      [0.5, 1],
    ])('refuses add of the range [%p, %p) of 3 bytes', (start, end) => {
      // Arrange
      const hmac = new HmacSha256Batch('misuse');

      // Act
      const add = () => hmac.add(Buffer.from('abc'), start, end);

      // Assert
      expect(add).toThrow(DataLakeError);
      expect(add).toThrow(/allowed: integers with 0 <= start <= end <= source.length/);
      expect(hmac.size).toBe(0);
    });
  });
});
