/**
 * csvReadError on the messages DuckDB really gives when it reads the extract's landed CSV with a
 * line over its limit, and on messages that only imitate them inside a value.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CsvReadError } from '../../../lib/core/errors';
import { type CsvRead, landedRelation, REPLICA_ROW_LIMITS, replicaLanding } from '../../../lib/core/extract';
import { csvReadError } from '../../../lib/core/transform';
import { openDuckdb } from '../../../lib/duckdb';
import { plannedColumn } from '../../helpers/tablePlanFactory';

const MIB = 1024 * 1024;
const columns = replicaLanding('postgres', [
  plannedColumn('id', { engine: 'postgres', dataType: 'int4' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
  plannedColumn(
    'body',
    { engine: 'postgres', dataType: 'text' },
    { athenaType: 'string', duckdbType: 'VARCHAR' },
  ),
]);

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
});

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

/** Writes `lines` to a CSV file and returns DuckDB's message for reading it with `read`, or `undefined`. */
async function readMessage(lines: string[], read: CsvRead): Promise<string | undefined> {
  const file = join(tmpdir(), `csv-read-${process.pid}-${Math.random()}.csv`);
  await writeFile(file, lines.join(''));
  try {
    await connection.runAndReadAll(`SELECT count(*) FROM ${landedRelation([file], columns, read)}`);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('csvReadError', () => {
  it('reads the line number and both sizes from DuckDB’s own message for a line over max_line_size', async () => {
    // Arrange: a 9 MiB value, over the parallel read's 8 MiB buffer.
    const message = await readMessage(
      ['"1","a"\n', `"2","${'x'.repeat(9 * MIB)}"\n`],
      REPLICA_ROW_LIMITS.narrow,
    );

    // Act
    const error = csvReadError(message ?? '');

    // Assert
    expect(error).toBeInstanceOf(CsvReadError);
    expect(error).toMatchObject({ line: 2, lineBytes: 9 * MIB + 6, limitBytes: 8 * MIB });
    expect(error?.message).not.toContain('xxx');
  });

  it('reads the same 9 MiB line serially with the wide settings (the second read takes it)', async () => {
    expect(
      await readMessage(['"1","a"\n', `"2","${'x'.repeat(9 * MIB)}"\n`], REPLICA_ROW_LIMITS.wide),
    ).toBeUndefined();
  });

  it('takes the sizes from the last reason, not from a value that imitates it', () => {
    // Arrange
    const message =
      'Invalid Input Error: CSV Error on Line: 4\nOriginal Line: "Maximum line size of 1 bytes exceeded. Actual Size:9 bytes."\nMaximum line size of 2097152 bytes exceeded. Actual Size:5000000 bytes.';

    // Act / Assert
    expect(csvReadError(message)).toMatchObject({ line: 4, lineBytes: 5000000, limitBytes: 2097152 });
  });

  it('counts other refusals of the CSV reader without sizes, and nothing else', () => {
    expect(
      csvReadError(
        'Invalid Input Error: CSV Error on Line: 2\nOriginal Line: …\nValue with unterminated quote found.',
      ),
    ).toMatchObject({ line: 2, lineBytes: undefined });
    expect(
      csvReadError(
        'Not implemented Error: The Parallel CSV Reader currently does not support a full read on this file.',
      ),
    ).toBeInstanceOf(CsvReadError);
    expect(csvReadError("Conversion Error: Could not convert string 'x' to INT32")).toBeUndefined();
  });
});
