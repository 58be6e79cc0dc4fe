/**
 * The one redaction point of DuckDB's errors: messages DuckDB really gives for the transform's SQL
 * over bad values (a conversion, an array, a CSV line too long, the transform's own checks), and
 * hand-written ones that imitate DuckDB's wording inside a value.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { landedRelation, replicaLanding } from '../../../lib/core/extract';
import { buildTransformSql, redactDuckdbError } from '../../../lib/core/transform';
import { openDuckdb, setMaskKey } from '../../../lib/duckdb';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const EMAIL = 'alice.private@example.com';
const text = { athenaType: 'string', duckdbType: 'VARCHAR' };
const hashed = { mask: { kind: 'hash' } } as const;
const id = plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' });

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
  await setMaskKey(connection, 'pepper');
});

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

/** DuckDB's own message for the plan's transform over `rows` (VALUES of VARCHAR). */
async function duckdbMessage(plan: ReturnType<typeof tablePlan>, relation: string): Promise<string> {
  const { sql } = buildTransformSql(plan, { relation, path: 'replica' });
  try {
    await connection.runAndReadAll(sql);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the query did not fail');
}

describe('redactDuckdbError on DuckDB messages', () => {
  it('withholds a masked integer array element that does not convert, naming the type', async () => {
    // Arrange
    const tags = plannedColumn(
      'tags',
      { engine: 'postgres', dataType: '_int4' },
      { athenaType: 'string', duckdbType: 'VARCHAR' },
      hashed,
    );
    const plan = tablePlan([id, tags]);
    const message = await duckdbMessage(plan, `(VALUES (1, '{7,${EMAIL}}')) AS t(id, tags)`);
    expect(message).toContain(EMAIL);

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).not.toContain(EMAIL);
    expect(redacted).toMatch(
      /^Conversion Error: a value in column tags does not convert to INT32 \(DuckDB's text is withheld: it may quote a value of the masked or left-out column\(s\) tags\)$/,
    );
  });

  it("withholds the value in the transform's own check on a masked text array that does not parse", async () => {
    // Arrange
    const tags = plannedColumn('tags', { engine: 'postgres', dataType: '_text' }, text, hashed);
    const plan = tablePlan([id, tags]);
    const message = await duckdbMessage(plan, `(VALUES (1, '{"${EMAIL}')) AS t(id, tags)`);
    expect(message).toContain(EMAIL);

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).toBe(
      'Invalid Input Error: expected a 1-dimensional PostgreSQL array in "tags", got: (withheld: rule-bound column)',
    );
  });

  it('keeps a shortened value in the check of a column without a rule, beside a masked one', async () => {
    // Arrange
    const born = plannedColumn('born', { dataType: 'date' }, { athenaType: 'date', duckdbType: 'DATE' });
    const email = plannedColumn('email', { dataType: 'varchar' }, text, hashed);
    const plan = tablePlan([email, born]);
    const bad = `not a date ${'x'.repeat(100)}`;
    const message = await duckdbMessage(plan, `(VALUES ('${EMAIL}', '${bad}')) AS t(email, born)`);

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).toBe(
      `Invalid Input Error: expected a date YYYY-MM-DD in "born", got: ${bad.slice(0, 40)}…`,
    );
  });

  it('withholds the CSV line of a row too long for the reader, keeping the line number and reason', async () => {
    // Arrange: the replica landing's reader over a 9 MB field (its longest line is the 8 MB buffer)
    const note = plannedColumn('note', { dataType: 'text' }, text);
    const email = plannedColumn('email', { dataType: 'varchar' }, text, hashed);
    const plan = tablePlan([id, email, note]);
    const file = join(tmpdir(), `redact-${process.pid}.csv`);
    await writeFile(file, `"1","${EMAIL}","${'x'.repeat(9 * 1024 * 1024)}"\n`);
    const message = await duckdbMessage(plan, landedRelation([file], replicaLanding('mysql', plan.columns)));
    expect(message).toContain(EMAIL);

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).not.toContain(EMAIL);
    expect(redacted).toMatch(
      /^Invalid Input Error: CSV Error on Line: 1: a line of \d+ bytes is longer than the reader's \d+ \(the line is withheld: it may hold values of the masked column\(s\) email\)$/,
    );
  });

  it('keeps the message of a table without masked or left-out columns, each line shortened', async () => {
    // Arrange
    const plan = tablePlan([id, plannedColumn('email', { dataType: 'varchar' }, text)]);
    const message = await duckdbMessage(plan, `(VALUES ('${EMAIL}', 'x')) AS t(id, email)`);

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).toContain(`Could not convert string '${EMAIL}' to INT`);
  });
});

describe('redactDuckdbError on written messages', () => {
  const plan = tablePlan([id, plannedColumn('email', { dataType: 'varchar' }, text, hashed)], {
    dropped: ['ssn'],
  });

  it.each([
    [
      'a conversion that quotes the value',
      "Conversion Error: Could not convert string '123-45-6789' to INT32",
    ],
    [
      'a strptime error that repeats the value on the next line',
      'Invalid Input Error: Could not parse string "123-45-6789" according to format specifier "%Y"\n123-45-6789\n^',
    ],
    ['an unknown message', 'Invalid Input Error: Invalid input for hex digit: 123-45-6789'],
    ['a message without an error class', '123-45-6789'],
    [
      'a check naming a dropped column',
      'Invalid Input Error: expected a date YYYY-MM-DD in "ssn", got: 123-45-6789',
    ],
    [
      'a check naming a column the plan does not have',
      'Invalid Input Error: expected a date YYYY-MM-DD in "other", got: 123-45-6789',
    ],
  ])('withholds the value from %s', (_, message) => {
    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).not.toContain('123-45-6789');
    expect(redacted).not.toContain('6789');
  });

  it('names the masked and left-out columns it withholds for', () => {
    // Act
    const redacted = redactDuckdbError("Conversion Error: Could not convert string 'x' to INT32", plan);

    // Assert
    expect(redacted).toBe(
      "Conversion Error: a value does not convert to INT32 (DuckDB's text is withheld: it may quote a value of the masked or left-out column(s) email, ssn)",
    );
  });

  it("names the column DuckDB gives by position only when it is one of the plan's", () => {
    // Act
    const named = redactDuckdbError(
      "Conversion Error: Type VARCHAR with value 'x' can't be cast to the destination type INTEGER[] when casting from source column c1",
      plan,
    );
    const unknown = redactDuckdbError(
      "Conversion Error: Type VARCHAR with value 'x when casting from source column secret' can't be cast to the destination type INTEGER[]",
      plan,
    );

    // Assert
    expect(named).toMatch(/^Conversion Error: a value in column email does not convert to INTEGER\[\] /);
    expect(unknown).not.toContain('secret');
  });

  it('takes the CSV reason DuckDB writes last, not one a value imitates', () => {
    // Arrange
    const message = `Invalid Input Error: CSV Error on Line: 3\nOriginal Line: "1","Expected Number of Columns: 12345 Found: 67890"\nMaximum line size of 2097152 bytes exceeded. Actual Size:3000000 bytes.\n\nPossible fixes: …`;

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).not.toMatch(/12345|67890/);
    expect(redacted).toContain(
      "CSV Error on Line: 3: a line of 3000000 bytes is longer than the reader's 2097152",
    );
  });

  it('keeps errors that carry no value, such as running out of memory', () => {
    // Act
    const redacted = redactDuckdbError(
      'Out of Memory Error: failed to allocate data of size 16.0 MiB (400.0 MiB/400.0 MiB used)',
      plan,
    );

    // Assert
    expect(redacted).toBe(
      'Out of Memory Error: failed to allocate data of size 16.0 MiB (400.0 MiB/400.0 MiB used)',
    );
  });
});
