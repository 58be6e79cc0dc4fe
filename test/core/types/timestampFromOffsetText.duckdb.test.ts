/**
 * timestamptz text on both landing paths: the replica's ICU-free conversion
 * (`make_timestamp(epoch_us(…))`) gives exactly the export path's `timezone('UTC', …)` wall clock,
 * whatever the offset, fraction or session zone, and both refuse the same texts.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mapSourceType, type SourceColumnType } from '../../../lib/core/types';
import { openDuckdb } from '../../../lib/duckdb';

const TIMESTAMPTZ: SourceColumnType = {
  engine: 'postgres',
  dataType: 'timestamp with time zone',
  columnType: 'timestamptz',
};

/** Accepted texts: offsets of every shape, fractions of 0 to 6 digits, the ends of the 4-digit years. */
const ACCEPTED = [
  '2021-01-01 00:00:00+00',
  '2021-01-01 00:00:00.5+09',
  '2021-01-01T23:59:59.999999-14',
  '2021-03-28 01:30:00.123456+05:30',
  '2021-03-28 01:30:00+0530',
  '2021-03-28 01:30:00Z',
  '2020-02-29 12:00:00.1-03:30',
  '0001-01-01 00:00:00+00',
  '0001-01-01 00:30:00+01',
  '1969-12-31 23:59:59.999999+00',
  '9999-12-31 23:59:59.999999+00',
  '9999-12-31 23:59:59.999999-01',
];

/** Refused texts: no offset, BC, infinity, 7 fraction digits, a 5-digit year, a space before the offset. */
const REFUSED = [
  '2021-01-01 00:00:00',
  '0044-03-15 00:00:00+00 BC',
  'infinity',
  '2021-01-01 00:00:00.1234567+00',
  '10000-01-01 00:00:00+00',
  '2021-01-01 00:00:00 +00',
];

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await openDuckdb();
  connection = await instance.connect();
  // A non-UTC session zone: neither path may depend on it.
  await connection.run("SET TimeZone = 'America/St_Johns'");
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function curated(sql: (expr: string) => string, text: string): Promise<string> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(${sql('"c"')} AS VARCHAR) AS v FROM (SELECT CAST($1 AS VARCHAR) AS "c")`,
    [text],
  );
  return String(reader.getRowObjectsJson()[0]?.v);
}

describe('timestamptz text (scalarMappings.timestampFromOffsetText)', () => {
  const mapping = mapSourceType(TIMESTAMPTZ);

  it('converts on the replica path without ICU time zone functions', () => {
    // Act
    const sql = mapping.fromReplicaSql('"c"');

    // Assert
    expect(sql).toContain('make_timestamp(epoch_us(CAST("c" AS TIMESTAMPTZ)))');
    expect(sql).not.toContain('timezone(');
  });

  it.each(ACCEPTED)('gives %s the same UTC wall clock on both paths', async (text) => {
    // Act
    const [exported, replicated] = [
      await curated(mapping.fromExportSql, text),
      await curated(mapping.fromReplicaSql, text),
    ];

    // Assert
    expect(replicated).toBe(exported);
  });

  it.each(REFUSED)('refuses %s on both paths', async (text) => {
    // Act / Assert
    await expect(curated(mapping.fromExportSql, text)).rejects.toThrow(/expected a timestamp with offset/);
    await expect(curated(mapping.fromReplicaSql, text)).rejects.toThrow(/expected a timestamp with offset/);
  });
});
