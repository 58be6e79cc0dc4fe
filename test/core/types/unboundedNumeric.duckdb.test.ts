/**
 * A PostgreSQL numeric without precision under `unboundedNumeric: decimal(38,N)`, on DuckDB: values
 * that fit land exactly, values that would be rounded or do not fit fail naming the value.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mapSourceType, parseUnboundedNumeric, type SourceColumnType } from '../../../lib/core/types';
import { openDuckdb, queryRows } from '../../../lib/duckdb';

const numeric: SourceColumnType = {
  engine: 'postgres',
  column: 'n',
  dataType: 'numeric',
  columnType: 'numeric',
};

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

async function curated(choice: string, text: string): Promise<unknown> {
  const mapping = mapSourceType(numeric, { unboundedNumeric: parseUnboundedNumeric(choice) });
  const [row] = await queryRows(
    connection,
    `SELECT CAST(${mapping.fromReplicaSql('"n"')} AS VARCHAR) AS v FROM (SELECT '${text}' AS n)`,
  );
  return row?.v;
}

describe('unboundedNumeric on DuckDB', () => {
  it.each([
    ['decimal(38,4)', '1234567890123456789012345678901234.5678', '1234567890123456789012345678901234.5678'],
    ['decimal(38,4)', '-0.5', '-0.5000'],
    ['decimal(38,4)', '1.23450000', '1.2345'],
    ['decimal(38,0)', '99999999999999999999999999999999999999', '99999999999999999999999999999999999999'],
    [
      'decimal(38,38)',
      '0.12345678901234567890123456789012345678',
      // DuckDB renders a DECIMAL(38,38) without its leading zero; the value is exact.
      '.12345678901234567890123456789012345678',
    ],
    [
      'string',
      '1.234567890123456789012345678901234567890123',
      '1.234567890123456789012345678901234567890123',
    ],
    ['string', 'NaN', 'NaN'],
  ])('%s lands %s exactly', async (choice, text, expected) => {
    // Act
    const value = await curated(choice, text);

    // Assert
    expect(value).toBe(expected);
  });

  it.each([
    ['decimal(38,4)', '1.23456'],
    ['decimal(38,4)', '12345678901234567890123456789012345.1'],
    ['decimal(38,2)', 'NaN'],
    ['decimal(38,2)', 'Infinity'],
    ['decimal(38,38)', '1.5'],
  ])('%s fails on %s instead of rounding it', async (choice, text) => {
    // Act
    const act = curated(choice, text);

    // Assert
    await expect(act).rejects.toThrow(
      `expected a numeric that fits ${choice} without rounding (unboundedNumeric) in "n", got: ${text}`,
    );
  });
});
