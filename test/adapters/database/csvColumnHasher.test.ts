/**
 * csvColumnHasher against node:crypto's HMAC-SHA-256, and against the transform's own DuckDB
 * `hash` mask over the CSV reader the extract gives DuckDB. The input is CSV as PostgreSQL's
 * `COPY … TO STDOUT (FORMAT csv)` writes it (https://www.postgresql.org/docs/current/sql-copy.html,
 * "CSV Format"): a field is quoted only when it holds the delimiter, the quote, CR or LF, or equals
 * the NULL string (so the empty string is `""`), inner quotes are doubled, and NULL is an unquoted
 * empty field.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { csvColumnHasher } from '../../../lib/adapters/database/csvColumnHasher';
import { csvRecordAligner } from '../../../lib/adapters/database/csvRecordAligner';
import { DataLakeError } from '../../../lib/core/errors';
import { type HmacColumn, type LandedColumn, landedRelation } from '../../../lib/core/extract';
import { maskSql } from '../../../lib/core/transform';
import { openDuckdb, queryRows, setMaskKey } from '../../../lib/duckdb';

const KEY = 'pepper-🧂-salt';

/** The hash mask of `value` as node:crypto computes it. */
function hmac(value: string | Buffer): string {
  return createHmac('sha256', KEY).update(value).digest('hex');
}

/** The hasher's output for `chunks`, one chunk each, as bytes. */
async function hashChunks(
  chunks: readonly (string | Buffer)[],
  columns: readonly HmacColumn[],
): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))),
    csvColumnHasher(columns, KEY),
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

/** The hasher's output for `chunks` as text. */
async function hashText(chunks: readonly (string | Buffer)[], columns: readonly HmacColumn[]) {
  return (await hashChunks(chunks, columns)).toString('utf8');
}

/** The error the hasher's stream fails with. */
async function hashError(chunks: readonly (string | Buffer)[], columns: readonly HmacColumn[]) {
  try {
    await hashChunks(chunks, columns);
  } catch (error) {
    return error;
  }
  throw new Error('the stream did not fail');
}

describe('csvColumnHasher', () => {
  it('replaces an unquoted value by its HMAC and leaves the other fields as they are', async () => {
    // Arrange
    const input = '1,kim@example.com,2024-01-01 00:00:00+00\n';

    // Act
    const output = await hashText([input], [{ index: 1, column: 'email' }]);

    // Assert
    expect(output).toBe(`1,${hmac('kim@example.com')},2024-01-01 00:00:00+00\n`);
  });

  it('hashes a quoted value without its quotes: commas, newlines, CR and doubled quotes inside', async () => {
    // Arrange
    const input = [
      '1,"a,b",x\n',
      '2,"line 1\nline 2",x\n',
      '3,"cr\r\nlf",x\n',
      '4,"say ""hi""",x\n',
      '5,"""",x\n',
    ];

    // Act
    const output = await hashText([input.join('')], [{ index: 1, column: 'note' }]);

    // Assert
    expect(output).toBe(
      [
        `1,${hmac('a,b')},x\n`,
        `2,${hmac('line 1\nline 2')},x\n`,
        `3,${hmac('cr\r\nlf')},x\n`,
        `4,${hmac('say "hi"')},x\n`,
        `5,${hmac('"')},x\n`,
      ].join(''),
    );
  });

  it('keeps a NULL (empty unquoted field) empty and hashes the empty string ("") as zero bytes', async () => {
    // Arrange
    const input = '1,,x\n2,"",x\n3,,\n4,""\n5,\n';

    // Act
    const output = await hashText([input], [{ index: 1, column: 'email' }]);

    // Assert
    const empty = hmac('');
    expect(output).toBe(`1,,x\n2,${empty},x\n3,,\n4,${empty}\n5,\n`);
  });

  it.each([
    ['first', 0, `${hmac('a,b')},"c""d",e\n`],
    ['middle', 1, `"a,b",${hmac('c"d')},e\n`],
    ['last', 2, `"a,b","c""d",${hmac('e')}\n`],
  ])('hashes the %s field of a record', async (_, index, expected) => {
    // Arrange
    const input = '"a,b","c""d",e\n';

    // Act
    const output = await hashText([input], [{ index: index, column: 'column' }]);

    // Assert
    expect(output).toBe(expected);
  });

  it('hashes two fields of each record and copies quoted fields after them unchanged', async () => {
    // Arrange: fields after the last hashed one hold quoted commas, newlines and doubled quotes
    const input = '1,alice,x,"b,o\nb",7,"tail ""q"",\n"\n2,"",y,,8,z\n';

    // Act
    const output = await hashText(
      [input],
      [
        { index: 1, column: 'name' },
        { index: 3, column: 'address' },
      ],
    );

    // Assert
    expect(output).toBe(`1,${hmac('alice')},x,${hmac('b,o\nb')},7,"tail ""q"",\n"\n2,${hmac('')},y,,8,z\n`);
  });

  it('hashes the UTF-8 bytes of Korean text and emoji', async () => {
    // Arrange
    const values = ['김민지 010-1234-5678', '😀👍🏽 family: 👨‍👩‍👧', '중고 상품 1 팝니다 😀 거의 새것'];
    const input = values.map((value, index) => `${index},${value},t\n`).join('');

    // Act
    const output = await hashText([input], [{ index: 1, column: 'title' }]);

    // Assert
    expect(output).toBe(values.map((value, index) => `${index},${hmac(value)},t\n`).join(''));
  });

  it('hashes a 2 MB value, unquoted and quoted with doubled quotes', async () => {
    // Arrange
    const plain = `${'x'.repeat(2 * 1024 * 1024)}가`;
    const quoted = `${'say "hi", '.repeat(200_000)}끝`;
    const input = `1,${plain},a\n2,"${quoted.replaceAll('"', '""')}",b\n`;

    // Act
    const output = await hashText([input], [{ index: 1, column: 'body' }]);

    // Assert
    expect(output).toBe(`1,${hmac(plain)},a\n2,${hmac(quoted)},b\n`);
  });

  it('gives the same output for many records in one chunk as for one chunk per record', async () => {
    // Arrange: NULLs, empty strings, quoted values with doubled quotes, quoted newlines after them
    const parts = Array.from({ length: 1000 }, (_, n) => {
      const value = n % 7 === 0 ? null : n % 5 === 0 ? '' : `v "${n}", 😀`;
      const field = value === null ? '' : `"${value.replaceAll('"', '""')}"`;
      const tail = n % 3 === 0 ? '"a\nb"' : 'c';
      return { n, value, field, tail };
    });
    const records = parts.map(({ n, field, tail }) => `${n},${field},${tail}\n`);
    const expected = parts
      .map(({ n, value, tail }) => `${n},${value === null ? '' : hmac(value)},${tail}\n`)
      .join('');
    const columns = [{ index: 1, column: 'value' }];

    // Act
    const whole = await hashText([records.join('')], columns);
    const perRecord = await hashText(records, columns);

    // Assert
    expect(whole).toBe(expected);
    expect(perRecord).toBe(expected);
  });

  it.each([1, 2, 3, 7, 64])(
    'behind csvRecordAligner, gives the same output with the stream cut every %i bytes',
    async (size) => {
      // Arrange: cuts inside multi-byte characters, quoted newlines and doubled quotes
      const values = ['김민지 😀', 'a,b', 'line 1\nline 2', 'say "hi"', '', null];
      const input = Buffer.from(
        values
          .map((value, n) => {
            const field =
              value === null
                ? ''
                : /[,"\n]/.test(value) || value === ''
                  ? `"${value.replaceAll('"', '""')}"`
                  : value;
            return `${n},${field},"t ""${n}""\n,"\n`;
          })
          .join(''),
      );
      const pieces: Buffer[] = [];
      for (let at = 0; at < input.length; at += size) pieces.push(input.subarray(at, at + size));
      const out: Buffer[] = [];

      // Act
      await pipeline(
        Readable.from(pieces),
        csvRecordAligner(),
        csvColumnHasher([{ index: 1, column: 'name' }], KEY),
        new Writable({
          write: (chunk: Buffer, _encoding, done) => {
            out.push(chunk);
            done();
          },
        }),
      );

      // Assert
      expect(Buffer.concat(out).toString('utf8')).toBe(
        values.map((value, n) => `${n},${value === null ? '' : hmac(value)},"t ""${n}""\n,"\n`).join(''),
      );
    },
  );

  it('fails on a hashed value that is not UTF-8, naming the column and not holding the value', async () => {
    // Arrange: 0xff never occurs in UTF-8
    const input = Buffer.concat([
      Buffer.from('1,fine,x\n2,secret-'),
      Buffer.from([0xff]),
      Buffer.from('-value,x\n'),
    ]);

    // Act
    const error = await hashError(['0,ok,x\n', input], [{ index: 1, column: 'email' }]);

    // Assert
    expect(error).toBeInstanceOf(DataLakeError);
    expect((error as Error).message).toMatch(/"email".*record 3 .*not valid UTF-8/);
    expect((error as Error).message).not.toMatch(/secret|value,x/);
  });

  it('fails on a record with fewer fields than the hashed one, naming the column', async () => {
    // Arrange
    const input = '1,a,b,c\n2,a\n';

    // Act
    const error = await hashError([input], [{ index: 3, column: 'email' }]);

    // Assert
    expect(error).toBeInstanceOf(DataLakeError);
    expect((error as Error).message).toMatch(
      /record 2 .* 2 field\(s\); the hashed column "email" is field 4/,
    );
  });

  it.each([
    ['ends inside an unquoted field', '1,a\n2,b', 2],
    ['ends inside a quoted field', '1,a\n2,"b\n', 2],
    ['ends in the fields after the hashed one', '1,a,"x\n', 1],
  ])('fails on a chunk that %s, which csvRecordAligner would never pass', async (_, input, record) => {
    // Act
    const error = await hashError([input], [{ index: 1, column: 'name' }]);

    // Assert
    expect(error).toBeInstanceOf(DataLakeError);
    expect((error as Error).message).toContain(`record ${record} of the COPY stream is cut`);
  });

  it('refuses no hashed columns and a negative position', () => {
    // Act / Assert
    expect(() => csvColumnHasher([], KEY)).toThrow(DataLakeError);
    expect(() => csvColumnHasher([{ index: -1, column: 'email' }], KEY)).toThrow(/-1.*integers from 0/);
  });
});

describe('csvColumnHasher with the extract CSV reader of DuckDB', () => {
  /** Values and the field PostgreSQL writes for each, by the COPY docs' CSV rules. */
  const CASES: readonly [string | null, string][] = [
    [null, ''],
    ['', '""'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['cr\rlf', '"cr\rlf"'],
    ['  padded  ', '  padded  '],
    ['\\.', '\\.'],
    ['NULL', 'NULL'],
    ["'single'", "'single'"],
    ['C:\\path\\to', 'C:\\path\\to'],
    ['김민지 😀👍🏽', '김민지 😀👍🏽'],
  ];
  const LANDED: LandedColumn[] = ['id', 'v', 'w'].map((source, index) => ({
    source,
    selectSql: source,
    landingSql: `"c${index}"`,
    csvColumn: `c${index}`,
  }));

  let directory: string;
  let duckdb: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'csv-column-hasher-'));
    duckdb = await openDuckdb({ threads: 1 });
    connection = await duckdb.connect();
    await setMaskKey(connection, KEY);
  });

  afterAll(() => {
    connection.closeSync();
    duckdb.closeSync();
    rmSync(directory, { recursive: true, force: true });
  });

  it("reads back as the values DuckDB's hash mask gives the same CSV, NULL as NULL", async () => {
    // Arrange: the value hashed in the middle, a quoted field with a newline after it
    const csv = CASES.map(([, field], id) => `${id},${field},"w ${id},\n""x"""\n`).join('');
    const source = join(directory, 'source.csv');
    const hashed = join(directory, 'hashed.csv');
    writeFileSync(source, csv);
    writeFileSync(hashed, await hashChunks([csv], [{ index: 1, column: 'v' }]));
    const mask = maskSql({ sql: 'v', duckdbType: 'VARCHAR' }, { kind: 'hash' }).sql;

    // Act
    const expected = await queryRows(
      connection,
      `SELECT CAST(id AS INTEGER) AS id, ${mask} AS v, w FROM ${landedRelation([source], LANDED)} ORDER BY 1`,
    );
    const actual = await queryRows(
      connection,
      `SELECT CAST(id AS INTEGER) AS id, v, w FROM ${landedRelation([hashed], LANDED)} ORDER BY 1`,
    );

    // Assert
    expect(actual).toEqual(expected);
    expect(actual).toHaveLength(CASES.length);
    expect(actual.map((row) => row.v)).toEqual(CASES.map(([value]) => (value === null ? null : hmac(value))));
    expect(actual[0]?.w).toBe('w 0,\n"x"');
  });
});
