import { createHmac } from 'node:crypto';
import { MysqlRowCsvWriter } from '../../../lib/adapters/database/MysqlRowCsvWriter';
import { DataLakeError } from '../../../lib/core/errors';
import { HmacSha256Batch } from '../../../lib/hmac';
import { type PlainCsvValue, plainCsvRecord } from '../../helpers/plainCsvRecord';

type Value = PlainCsvValue;

const bytesOf = (value: string | Buffer): Buffer =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : value;

/** MySQL's length-encoded integer (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html). */
function lengthPrefix(length: number): Buffer {
  if (length < 251) return Buffer.from([length]);
  if (length < 2 ** 16) return Buffer.from([0xfc, length & 0xff, length >> 8]);
  if (length < 2 ** 24) return Buffer.from([0xfd, length & 0xff, (length >> 8) & 0xff, length >> 16]);
  const prefix = Buffer.alloc(9);
  prefix[0] = 0xfe;
  prefix.writeBigUInt64LE(BigInt(length), 1);
  return prefix;
}

/** A text protocol row payload: each value length-encoded, NULL as 0xFB. */
function payload(values: readonly Value[]): Buffer {
  return Buffer.concat(
    values.map((value) =>
      value === null
        ? Buffer.from([0xfb])
        : Buffer.concat([lengthPrefix(bytesOf(value).length), bytesOf(value)]),
    ),
  );
}

/** Packs row payloads into one buffer behind 4-byte headers, as rows of one socket read share it. */
function packRows(rows: readonly Buffer[]): { buffer: Buffer; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let at = 0;
  const parts = rows.flatMap((row) => {
    spans.push([at + 4, at + 4 + row.length]);
    at += 4 + row.length;
    return [Buffer.alloc(4), row];
  });
  return { buffer: Buffer.concat(parts), spans };
}

/** Writes `rows` with one writer, as packed into one buffer, into one output; returns the CSV. */
function writeRows(
  columns: number,
  rows: readonly (readonly Value[])[],
  hexColumns: readonly number[] = [],
): Buffer {
  const writer = new MysqlRowCsvWriter(columns, hexColumns);
  const { buffer, spans } = packRows(rows.map(payload));
  const out = Buffer.alloc(spans.reduce((sum, [start, end]) => sum + writer.maxBytes(end - start), 0));
  let at = 0;
  for (const [start, end] of spans) at = writer.write(buffer, start, end, out, at);
  return out.subarray(0, at);
}

describe('MysqlRowCsvWriter', () => {
  it('writes NULL as an empty field and the empty string as ""', () => {
    // Act
    const csv = writeRows(3, [[null, '', null]]);

    // Assert
    expect(csv.toString()).toBe(',"",\n');
  });

  it('doubles quotes and keeps commas, newlines, carriage returns and backslashes inside the quotes', () => {
    // Act
    const csv = writeRows(2, [
      ['"', 'a,b\nc\r\nd\\"e""'],
      ['plain', '""'],
    ]);

    // Assert
    expect(csv.toString()).toBe('"""","a,b\nc\r\nd\\""e"""""\n"plain",""""""\n');
  });

  it('copies multi-byte UTF-8 unchanged, whatever its length modulo the 4-byte copy', () => {
    // Arrange: Korean (3 bytes a character) and emoji (4 bytes) at every length from 1 to 9 characters
    const values = Array.from({ length: 9 }, (_, index) =>
      Array.from('한😀'.repeat(5))
        .slice(0, index + 1)
        .join(''),
    );

    // Act
    const csv = writeRows(values.length, [values]);

    // Assert
    expect(csv.toString('utf8')).toBe(`${values.map((value) => `"${value}"`).join(',')}\n`);
  });

  it('reads 1-, 2-, 3- and 8-byte length prefixes, copying long values with and without quotes', () => {
    // Arrange: 250 bytes, 300 and 70,000 (natively copied), and 16 MiB + 5 (an 8-byte length)
    const values = [
      'x'.repeat(250),
      `${'y'.repeat(299)}"`,
      `"${'z'.repeat(69_999)}`,
      Buffer.alloc(2 ** 24 + 5, 'w'),
    ];

    // Act
    const csv = writeRows(values.length, [values]);

    // Assert
    expect(csv.equals(plainCsvRecord(values))).toBe(true);
  });

  it('checks a value whose length prefix is the quote byte for quotes like any other', () => {
    // Arrange: 34 bytes long (0x22, the quote byte), with and without a quote of its own
    const values = ['q'.repeat(34), `${'q'.repeat(33)}"`, 'tail'];

    // Act
    const csv = writeRows(values.length, [values, values]);

    // Assert
    expect(csv.equals(Buffer.concat([plainCsvRecord(values), plainCsvRecord(values)]))).toBe(true);
  });

  it('writes the hex columns as lower-case hex, quote bytes included', () => {
    // Arrange
    const values = [Buffer.from([0x00, 0x22, 0xff, 0x0a, 0x2c]), Buffer.alloc(0), null, 'text "x"'];

    // Act
    const csv = writeRows(values.length, [values], [0, 1, 2]);

    // Assert
    expect(csv.toString()).toBe('"0022ff0a2c","",,"text ""x"""\n');
  });

  it('finds a quote again when rows of one buffer are written out of order', () => {
    // Arrange: the second row is written first, so the writer has searched past the first one
    const writer = new MysqlRowCsvWriter(1, []);
    const { buffer, spans } = packRows([payload(['a "quoted" one']), payload(['no quote here at all'])]);
    const [first, second] = spans as [[number, number], [number, number]];
    const out = Buffer.alloc(100);

    // Act
    const afterSecond = writer.write(buffer, second[0], second[1], out, 0);
    const afterFirst = writer.write(buffer, first[0], first[1], out, afterSecond);

    // Assert
    expect(out.toString('utf8', 0, afterFirst)).toBe('"no quote here at all"\n"a ""quoted"" one"\n');
  });

  it('writes what the plain encoding writes for random rows of every shape', () => {
    // Arrange: a fixed seed; values with quotes, CSV syntax, multi-byte text and raw bytes, of
    // lengths around the 4-byte copy, the native copy and the length prefixes
    let seed = 20261207;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const ascii = ['"', ',', '\n', '\r', '\\', 'a', 'b', ' ', '\0'];
    const wide = [...ascii, '한', '😀', 'é', '""'];
    const lengths = [0, 1, 2, 3, 4, 5, 7, 8, 33, 34, 35, 250, 251, 255, 256, 257, 300, 4_000, 70_000];
    const value = (): Value => {
      const kind = random();
      if (kind < 0.1) return null;
      const length = pick(lengths);
      if (kind < 0.25) return Buffer.from(Array.from({ length }, () => pick([0x22, 0x00, 0xff, 0x0a, 0x41])));
      const quoteFree = random() < 0.5;
      // Single-byte text hits each length exactly; multi-byte text is longer in bytes.
      const characters = (random() < 0.5 ? ascii : wide).filter(
        (character) => !quoteFree || !character.includes('"'),
      );
      return Array.from({ length }, () => pick(characters)).join('');
    };
    for (let batch = 0; batch < 20; batch += 1) {
      const columns = 1 + Math.floor(random() * 12);
      const hexColumns = Array.from({ length: columns }, (_, index) => index).filter(() => random() < 0.2);
      const rows = Array.from({ length: 1 + Math.floor(random() * 60) }, () =>
        Array.from({ length: columns }, value),
      );

      // Act
      const csv = writeRows(columns, rows, hexColumns);

      // Assert
      const expected = Buffer.concat(rows.map((row) => plainCsvRecord(row, hexColumns)));
      expect(csv.equals(expected)).toBe(true);
    }
  });

  it('never writes past maxBytes, even when every byte is a quote', () => {
    // Arrange
    const writer = new MysqlRowCsvWriter(3, [2]);
    const row = payload(['"'.repeat(40), null, Buffer.alloc(10, 0x22)]);
    const out = Buffer.alloc(writer.maxBytes(row.length));

    // Act
    const end = writer.write(row, 0, row.length, out, 0);

    // Assert
    expect(end).toBe(1 + 80 + 1 + 1 + 1 + 1 + 20 + 1 + 1);
    expect(end).toBeLessThanOrEqual(out.length);
  });

  it.each([
    ['ends before the last value', payload(['a']), 2, 'it ends before value 2'],
    [
      'has bytes after the last value',
      Buffer.concat([payload(['a']), Buffer.from('x')]),
      1,
      '1 bytes follow the last value',
    ],
    ['has a value running past its end', Buffer.from([5, 0x61]), 1, 'value 1 runs past its end'],
  ])('refuses a packet that %s', (_case, row, columns, problem) => {
    // Arrange
    const writer = new MysqlRowCsvWriter(columns, []);

    // Act
    const write = () => writer.write(row, 0, row.length, Buffer.alloc(writer.maxBytes(row.length)), 0);

    // Assert
    expect(write).toThrow(DataLakeError);
    expect(write).toThrow(
      `A MySQL row packet of ${row.length} bytes does not hold exactly ${columns} values: ${problem}`,
    );
  });

  it('refuses a hex column outside the result', () => {
    // Act
    const create = () => new MysqlRowCsvWriter(2, [2]);

    // Assert
    expect(create).toThrow("Hex column index 2 is outside the result's 2 columns (0 to 1)");
  });

  describe('with HMAC columns', () => {
    const KEY = 'mask-salt';
    const hmacHex = (value: string | Buffer) => createHmac('sha256', KEY).update(value).digest('hex');
    const hashing = (indexes: readonly number[]) => ({
      columns: indexes.map((index) => ({ index, column: `col${index}` })),
      batch: new HmacSha256Batch(KEY),
    });

    it("writes each hashed value's HMAC-SHA-256 hex, quoted, in place of the value; NULL stays empty", () => {
      // Arrange: quotes, commas, newlines and emoji in hashed values, rows sharing one packet buffer
      const rows: Value[][] = [
        ['1', 'a@example.com', 'kept "as" is'],
        ['2', '', null],
        ['3', null, 'x'],
        ['4', 'say "hi",\nbye 😀', Buffer.from([0xde, 0xad])],
      ];
      const writer = new MysqlRowCsvWriter(3, [2], hashing([1]));
      const { buffer, spans } = packRows(rows.map(payload));
      const out = Buffer.alloc(spans.reduce((sum, [start, end]) => sum + writer.maxBytes(end - start), 0));

      // Act
      let at = 0;
      for (const [start, end] of spans) at = writer.write(buffer, start, end, out, at);
      writer.finish(out);

      // Assert
      expect(out.subarray(0, at).toString()).toBe(
        [
          `"1","${hmacHex('a@example.com')}","${Buffer.from('kept "as" is').toString('hex')}"`,
          `"2","${hmacHex('')}",`,
          '"3",,"78"',
          `"4","${hmacHex('say "hi",\nbye 😀')}","dead"`,
          '',
        ].join('\n'),
      );
    });

    it('leaves room for the hex in maxBytes even for an empty value', () => {
      // Arrange
      const writer = new MysqlRowCsvWriter(2, [], hashing([0, 1]));
      const row = payload(['', '']);
      const out = Buffer.alloc(writer.maxBytes(row.length));

      // Act
      const end = writer.write(row, 0, row.length, out, 0);
      writer.finish(out);

      // Assert
      expect(end).toBe(2 * (64 + 2) + 1 + 1);
      expect(end).toBeLessThanOrEqual(out.length);
      expect(out.subarray(0, end).toString()).toBe(`"${hmacHex('')}","${hmacHex('')}"\n`);
    });

    it('hashes each block apart: finish empties the batch for the next one', () => {
      // Arrange
      const writer = new MysqlRowCsvWriter(1, [], hashing([0]));
      const blocks = ['first', 'second'].map((value) => {
        const row = payload([value]);
        const out = Buffer.alloc(writer.maxBytes(row.length));
        const end = writer.write(row, 0, row.length, out, 0);

        // Act
        writer.finish(out);
        return out.subarray(0, end).toString();
      });

      // Assert
      expect(blocks).toEqual([`"${hmacHex('first')}"\n`, `"${hmacHex('second')}"\n`]);
    });

    it('refuses a hashed value that is not UTF-8, naming its column and not the value', () => {
      // Arrange
      const writer = new MysqlRowCsvWriter(2, [], hashing([1]));
      const row = payload(['id-1', Buffer.from([0x61, 0xc0, 0xaf])]);
      const out = Buffer.alloc(writer.maxBytes(row.length));
      writer.write(row, 0, row.length, out, 0);

      // Act
      let failure: unknown;
      try {
        writer.finish(out);
      } catch (error) {
        failure = error;
      }

      // Assert
      expect(failure).toBeInstanceOf(DataLakeError);
      expect((failure as Error).message).toBe(
        'A value of column "col1" is not valid UTF-8: the hash mask hashes text',
      );
    });

    it('refuses an HMAC column outside the result', () => {
      // Act
      const create = () => new MysqlRowCsvWriter(2, [], hashing([5]));

      // Assert
      expect(create).toThrow("HMAC column index 5 is outside the result's 2 columns (0 to 1)");
    });
  });
});
