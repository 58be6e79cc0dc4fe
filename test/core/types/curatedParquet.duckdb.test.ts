/**
 * The mapping's SQL on the real engine: export-shaped values (what an RDS snapshot export
 * writes) go through fromExportSql / fromReplicaSql into a Parquet file written by DuckDB, which
 * is read back for its physical/logical types and its exact values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  type ColumnTypeMapping,
  duckdbTypeToAthena,
  mapSourceType,
  type ParquetType,
  type SourceColumnType,
  TYPE_MAPPING_ROWS,
} from '../../../lib/core/types';
import { openDuckdb } from '../../../lib/duckdb';

type Json = ReturnType<Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>['getRowsJson']>[number][number];

interface ParquetLeaf {
  readonly type: string | null;
  readonly converted_type: string | null;
  readonly precision: string | null;
  readonly scale: string | null;
}

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let directory: string;
let fileCount = 0;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'curated-parquet-'));
  // openDuckdb registers pg_array_json, which the array SQL calls.
  instance = await openDuckdb();
  connection = await instance.connect();
  // A non-UTC session zone: no conversion may depend on it.
  await connection.run("SET TimeZone = 'Asia/Seoul'");
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(directory, { recursive: true, force: true });
});

const mysql = (dataType: string, columnType = dataType): SourceColumnType => ({
  engine: 'mysql',
  dataType,
  columnType,
});
const postgres = (dataType: string, columnType = dataType, userDefinedEnum = false): SourceColumnType => ({
  engine: 'postgres',
  dataType,
  columnType,
  userDefinedEnum,
});

/** Writes `sql("c")` over the given SQL literals to a new Parquet file and returns its path. */
async function writeCurated(sql: (expr: string) => string, literals: readonly string[]): Promise<string> {
  fileCount += 1;
  const file = join(directory, `curated-${fileCount}.parquet`);
  const rows = literals.map((literal, index) => `(${index}, ${literal})`).join(', ');
  await connection.run(
    `COPY (SELECT ${sql('"c"')} AS v FROM (VALUES ${rows}) AS t(i, c) ORDER BY i) TO '${file}' (FORMAT parquet)`,
  );
  return file;
}

async function values(file: string): Promise<Json[]> {
  const reader = await connection.runAndReadAll(`SELECT v FROM read_parquet('${file}')`);
  return reader.getRowsJson().map((row) => row[0] ?? null);
}

async function leaf(file: string): Promise<ParquetLeaf> {
  const reader = await connection.runAndReadAll(
    `SELECT type, converted_type, CAST(precision AS VARCHAR) AS precision, CAST(scale AS VARCHAR) AS scale
     FROM parquet_schema('${file}') WHERE type IS NOT NULL`,
  );
  const [row] = reader.getRowObjectsJson();
  return row as unknown as ParquetLeaf;
}

async function describedType(file: string): Promise<string> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT v FROM read_parquet('${file}')`);
  return String(reader.getRowObjectsJson()[0]?.column_type);
}

/** The Parquet leaf a mapping promises, in parquet_schema's vocabulary (converted types). */
function expectedLeaf(parquet: ParquetType): ParquetLeaf {
  if (parquet.physical === 'LIST' && parquet.element) return expectedLeaf(parquet.element);
  const logical = parquet.logical;
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(logical ?? '');
  const integer = /^INT\((\d+),true\)$/.exec(logical ?? '');
  return {
    type: parquet.physical,
    converted_type: decimal
      ? 'DECIMAL'
      : integer
        ? `INT_${integer[1]}`
        : logical === 'STRING'
          ? 'UTF8'
          : logical,
    precision: decimal?.[1] ?? null,
    scale: decimal?.[2] ?? null,
  };
}

interface ValueCase {
  readonly name: string;
  readonly column: SourceColumnType;
  /** SQL literals shaped as the export (or the replica extract) lands them. */
  readonly input: readonly string[];
  readonly expected: readonly Json[];
}

const EXPORT_CASES: readonly ValueCase[] = [
  {
    name: 'MySQL BIGINT UNSIGNED (export DECIMAL(20,0)) keeps 18446744073709551615',
    column: mysql('bigint', 'bigint(20) unsigned'),
    input: ['CAST(18446744073709551615 AS DECIMAL(20,0))', 'CAST(0 AS DECIMAL(20,0))'],
    expected: ['18446744073709551615', '0'],
  },
  {
    name: 'MySQL DATE (export text) keeps 0001-01-01 and 9999-12-31',
    column: mysql('date'),
    input: ["'0001-01-01'", "'9999-12-31'", "'2024-02-29'", 'NULL'],
    expected: ['0001-01-01', '9999-12-31', '2024-02-29', null],
  },
  {
    name: 'MySQL DATETIME(6) (export TIMESTAMP_MICROS, UTC-adjusted) keeps microseconds and the range',
    column: mysql('datetime', 'datetime(6)'),
    input: [
      "TIMESTAMPTZ '0001-01-01 00:00:00+00'",
      "TIMESTAMPTZ '9999-12-31 23:59:59.999999+00'",
      "TIMESTAMPTZ '2024-02-29 12:34:56.000001+00'",
    ],
    expected: ['0001-01-01 00:00:00', '9999-12-31 23:59:59.999999', '2024-02-29 12:34:56.000001'],
  },
  {
    name: 'MySQL TIMESTAMP(6) (export TIMESTAMP_MICROS, not UTC-adjusted) keeps the wall clock',
    column: mysql('timestamp', 'timestamp(6)'),
    input: ["TIMESTAMP '2024-02-29 12:34:56.123456'"],
    expected: ['2024-02-29 12:34:56.123456'],
  },
  {
    name: 'MySQL DECIMAL(38,10) (export DECIMAL) keeps 38 digits',
    column: mysql('decimal', 'decimal(38,10)'),
    input: [
      'CAST(9999999999999999999999999999.9999999999 AS DECIMAL(38,10))',
      'CAST(-0.0000000001 AS DECIMAL(38,10))',
    ],
    expected: ['9999999999999999999999999999.9999999999', '-0.0000000001'],
  },
  {
    name: 'PostgreSQL numeric(38,10) (export text) keeps 38 digits',
    column: postgres('numeric', 'numeric(38,10)'),
    input: ["'9999999999999999999999999999.9999999999'", "'-0.0000000001'"],
    expected: ['9999999999999999999999999999.9999999999', '-0.0000000001'],
  },
  {
    name: 'PostgreSQL numeric(24,4) (export text) keeps 20 integer digits exactly',
    column: postgres('numeric', 'numeric(24,4)'),
    input: ["'12345678901234567890.1234'"],
    expected: ['12345678901234567890.1234'],
  },
  {
    name: 'MySQL CHAR (export un-annotated bytes) decodes Korean and emoji',
    column: mysql('char', 'char(10)'),
    input: ["encode('한국어 😀')", "encode('')"],
    expected: ['한국어 😀', ''],
  },
  {
    name: 'MySQL VARCHAR (export STRING) keeps Korean and emoji',
    column: mysql('varchar', 'varchar(255)'),
    input: ["'한국어 😀 café'"],
    expected: ['한국어 😀 café'],
  },
  {
    name: 'MySQL TINYINT(1) (export INT32) becomes boolean',
    column: mysql('tinyint', 'tinyint(1)'),
    input: ['0', '1', 'NULL'],
    expected: [false, true, null],
  },
  {
    name: 'MySQL BIT(1) (export bytes) becomes boolean',
    column: mysql('bit', 'bit(1)'),
    input: [String.raw`'\x00'::BLOB`, String.raw`'\x01'::BLOB`],
    expected: [false, true],
  },
  {
    name: 'MySQL FLOAT (export widened to DOUBLE) is the same single-precision value',
    column: mysql('float'),
    input: ['CAST(CAST(0.1 AS FLOAT) AS DOUBLE)'],
    expected: [0.10000000149011612],
  },
  {
    name: 'MySQL TIME (export text) stays text, beyond 24 h and negative',
    column: mysql('time', 'time(6)'),
    input: ["'838:59:59'", "'-12:30:00.5'", "'00:00:00.000001'"],
    expected: ['838:59:59', '-12:30:00.5', '00:00:00.000001'],
  },
  {
    name: 'PostgreSQL timestamp (export text) keeps microseconds and the range',
    column: postgres('timestamp', 'timestamp(6) without time zone'),
    input: ["'0001-01-01 00:00:00'", "'2024-01-02 03:04:05.123456'", "'9999-12-31 23:59:59.999999'"],
    expected: ['0001-01-01 00:00:00', '2024-01-02 03:04:05.123456', '9999-12-31 23:59:59.999999'],
  },
  {
    name: 'PostgreSQL timestamptz (export text with offset) becomes the UTC wall clock',
    column: postgres('timestamptz', 'timestamp with time zone'),
    input: ["'2024-01-02 03:04:05.5+09'", "'2024-01-01 00:00:00+00'", "'2023-12-31 18:30:00-05:30'"],
    expected: ['2024-01-01 18:04:05.5', '2024-01-01 00:00:00', '2024-01-01 00:00:00'],
  },
  {
    name: 'PostgreSQL date (export text) keeps 0001-01-01 and 9999-12-31',
    column: postgres('date'),
    input: ["'0001-01-01'", "'9999-12-31'"],
    expected: ['0001-01-01', '9999-12-31'],
  },
  {
    name: 'PostgreSQL interval (export postgres-style text) becomes ISO 8601 as PostgreSQL writes it',
    column: postgres('interval'),
    input: [
      "'1 year 2 mons 3 days 04:05:06.789'",
      "'-1 days +02:03:00'",
      "'00:00:00'",
      "'-00:00:01.5'",
      "'3 mons'",
      // PostgreSQL's limits: hours beyond DuckDB's interval parser, which refused them.
      "'1000000000:00:00'",
      "'-2562047788:00:54.775807'",
      "'178000000 years'",
      "'-1 years -2 mons +3 days -04:05:06'",
    ],
    expected: [
      'P1Y2M3DT4H5M6.789S',
      'P-1DT2H3M',
      'PT0S',
      'PT-1.5S',
      'P3M',
      'PT1000000000H',
      'PT-2562047788H-54.775807S',
      'P178000000Y',
      'P-1Y-2M3DT-4H-5M-6S',
    ],
  },
  {
    name: 'PostgreSQL integer[] (export array text) becomes a list',
    column: postgres('_int4', 'integer[]'),
    input: ["'{1,2,NULL}'", "'{}'"],
    expected: [[1, 2, null], []],
  },
  {
    name: 'PostgreSQL integer[][] (export array text) becomes a nested list',
    column: postgres('_int4', 'integer[][]'),
    input: ["'{{1,2},{3,4}}'"],
    expected: [
      [
        [1, 2],
        [3, 4],
      ],
    ],
  },
  {
    name: 'PostgreSQL text[] (export array text) unquotes, unescapes and keeps NULL apart from "NULL"',
    column: postgres('_text', 'text[]'),
    input: [String.raw`'{"a,b",한국어,NULL,"NULL","x\"y","back\\slash",😀}'`],
    expected: [['a,b', '한국어', null, 'NULL', 'x"y', 'back\\slash', '😀']],
  },
  {
    name: 'PostgreSQL text[] keeps braces, quotes, backslashes, commas, empty strings and apostrophes inside elements',
    column: postgres('_text', 'text[]'),
    input: [String.raw`'{"{}","a{b","}",",","","\\","\"",it''s,[x],"  lead"}'`],
    expected: [['{}', 'a{b', '}', ',', '', '\\', '"', "it's", '[x]', '  lead']],
  },
  {
    name: 'PostgreSQL integer[] with non-default bounds drops the bounds and keeps the elements in order',
    column: postgres('_int4', 'integer[]'),
    input: ["'[0:2]={7,8,9}'"],
    expected: [[7, 8, 9]],
  },
  {
    name: 'PostgreSQL integer[][] with non-default bounds keeps its rows in order',
    column: postgres('_int4', 'integer[][]'),
    input: ["'[-1:0][1:2]={{1,2},{3,NULL}}'", "'{}'"],
    expected: [
      [
        [1, 2],
        [3, null],
      ],
      [],
    ],
  },
  {
    name: 'PostgreSQL timestamptz[] becomes a list of UTC wall clocks',
    column: postgres('_timestamptz', 'timestamp with time zone[]'),
    input: [`'{"2024-01-02 03:04:05.123456+00","2024-01-02 03:04:05+05:30",NULL}'`],
    expected: [['2024-01-02 03:04:05.123456', '2024-01-01 21:34:05', null]],
  },
  {
    name: 'PostgreSQL jsonb[] keeps each element as its JSON text',
    column: postgres('_jsonb', 'jsonb[]'),
    input: [String.raw`'{"{\"a\": [1, \"}\"]}",NULL,"\"NULL\""}'`],
    expected: [['{"a": [1, "}"]}', null, '"NULL"']],
  },
  {
    name: 'PostgreSQL bytea[] (hex elements) becomes a list of bytes',
    column: postgres('_bytea', 'bytea[]'),
    input: [String.raw`'{"\\x00ff",NULL,"\\x"}'`],
    expected: [[String.raw`\x00\xFF`, null, '']],
  },
  {
    name: 'PostgreSQL numeric(10,2)[] and boolean[] (export array text) become typed lists',
    column: postgres('_numeric', 'numeric(10,2)[]'),
    input: ["'{1.5,-2}'"],
    expected: [['1.50', '-2.00']],
  },
  {
    name: 'PostgreSQL boolean[] (export array text t/f) becomes a boolean list',
    column: postgres('_bool', 'boolean[]'),
    input: ["'{t,f,NULL}'"],
    expected: [[true, false, null]],
  },
  {
    name: 'PostgreSQL enum (export text) stays text',
    column: postgres('mood', 'mood', true),
    input: ["'행복'"],
    expected: ['행복'],
  },
  {
    name: 'PostgreSQL bit(1) (export text) becomes boolean',
    column: postgres('bit', 'bit(1)'),
    input: ["'0'", "'1'"],
    expected: [false, true],
  },
];

const REPLICA_CASES: readonly ValueCase[] = [
  {
    name: 'MySQL BIGINT UNSIGNED landed as text keeps 18446744073709551615',
    column: mysql('bigint', 'bigint(20) unsigned'),
    input: ["'18446744073709551615'"],
    expected: ['18446744073709551615'],
  },
  {
    name: 'MySQL DATETIME(6) landed as text keeps microseconds',
    column: mysql('datetime', 'datetime(6)'),
    input: ["'2024-02-29 12:34:56.123456'", "'9999-12-31 23:59:59.999999'"],
    expected: ['2024-02-29 12:34:56.123456', '9999-12-31 23:59:59.999999'],
  },
  {
    name: 'MySQL TINYINT(1) landed as a JS number becomes boolean',
    column: mysql('tinyint', 'tinyint(1)'),
    input: ['CAST(1 AS DOUBLE)', 'CAST(0 AS DOUBLE)'],
    expected: [true, false],
  },
  {
    name: 'MySQL BIT(1) landed as bytes becomes boolean',
    column: mysql('bit', 'bit(1)'),
    input: [String.raw`'\x01'::BLOB`],
    expected: [true],
  },
  {
    name: 'PostgreSQL numeric landed as text keeps its digits',
    column: postgres('numeric', 'numeric(24,4)'),
    input: ["'12345678901234567890.1234'"],
    expected: ['12345678901234567890.1234'],
  },
  {
    name: 'PostgreSQL timestamptz landed as UTC text becomes the UTC wall clock',
    column: postgres('timestamptz', 'timestamp with time zone'),
    input: ["'2024-01-02 03:04:05.123456+00'"],
    expected: ['2024-01-02 03:04:05.123456'],
  },
  {
    name: 'PostgreSQL interval landed as ISO 8601 is kept',
    column: postgres('interval'),
    input: ["'P1Y2M3DT4H5M6.789S'", "'PT0S'", "'P-1DT2H3M'"],
    expected: ['P1Y2M3DT4H5M6.789S', 'PT0S', 'P-1DT2H3M'],
  },
];

interface FailureCase {
  readonly name: string;
  readonly column: SourceColumnType;
  readonly input: string;
  readonly error: RegExp;
}

const EXPORT_FAILURES: readonly FailureCase[] = [
  { name: 'a MySQL zero date', column: mysql('date'), input: "'0000-00-00'", error: /0000-00-00/ },
  {
    name: 'a PostgreSQL infinity date',
    column: postgres('date'),
    input: "'infinity'",
    error: /expected a date/,
  },
  {
    name: 'a PostgreSQL BC date',
    column: postgres('date'),
    input: "'0044-03-15 BC'",
    error: /expected a date/,
  },
  { name: 'an impossible date', column: postgres('date'), input: "'2024-02-30'", error: /2024-02-30/ },
  {
    name: 'a PostgreSQL NaN numeric',
    column: postgres('numeric', 'numeric(10,2)'),
    input: "'NaN'",
    error: /NaN/,
  },
  {
    name: 'a numeric wider than its precision',
    column: postgres('numeric', 'numeric(5,2)'),
    input: "'12345.67'",
    error: /12345\.67/,
  },
  {
    name: 'a TINYINT(1) holding 2',
    column: mysql('tinyint', 'tinyint(1)'),
    input: '2',
    error: /expected 0 or 1/,
  },
  { name: 'a TINYINT out of range', column: mysql('tinyint', 'tinyint(4)'), input: '300', error: /300/ },
  {
    name: 'a BIT(1) byte 0x02',
    column: mysql('bit', 'bit(1)'),
    input: String.raw`'\x02'::BLOB`,
    error: /BIT\(1\)/,
  },
  {
    name: 'CHAR bytes that are not UTF-8',
    column: mysql('char', 'char(4)'),
    input: String.raw`'\xFF'::BLOB`,
    error: /UTF8/,
  },
  {
    name: 'a timestamptz without offset',
    column: postgres('timestamptz', 'timestamp with time zone'),
    input: "'2024-01-01 00:00:00'",
    error: /expected a timestamp with offset/,
  },
  {
    name: 'a 1-D value in a 2-D array',
    column: postgres('_int4', 'integer[][]'),
    input: "'{1,2}'",
    error: /expected a 2-dimensional PostgreSQL array in "c", got: \{1,2\}/,
  },
  {
    name: 'a 2-D value in a 1-D array',
    column: postgres('_int4', 'integer[]'),
    input: "'{{1,2}}'",
    error: /expected a 1-dimensional PostgreSQL array in "c"/,
  },
  {
    name: 'text that is not an array',
    column: postgres('_text', 'text[]'),
    input: "'{a,b'",
    error: /expected a 1-dimensional PostgreSQL array/,
  },
  {
    name: 'an impossible date inside a date array, naming the column',
    column: postgres('_date', 'date[]'),
    input: "'{2024-01-01,2024-02-30}'",
    error: /2024-02-30/,
  },
  { name: 'a malformed MySQL TIME', column: mysql('time'), input: "'12:00'", error: /expected a MySQL TIME/ },
];

describe('curated Parquet written by DuckDB', () => {
  describe.each([
    ['export', EXPORT_CASES, (mapping: ColumnTypeMapping) => mapping.fromExportSql],
    ['replica', REPLICA_CASES, (mapping: ColumnTypeMapping) => mapping.fromReplicaSql],
  ] as const)('from the %s', (_path, cases, sqlOf) => {
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
      // Arrange
      const mapping = mapSourceType(testCase.column);

      // Act
      const file = await writeCurated(sqlOf(mapping), testCase.input);

      // Assert
      expect(await values(file)).toEqual(testCase.expected);
      expect(await leaf(file)).toEqual(expectedLeaf(mapping.parquet));
      expect(await describedType(file)).toBe(mapping.duckdbType);
    });
  });

  it.each(EXPORT_FAILURES.map((failure) => [failure.name, failure] as const))(
    'fails loudly on %s instead of writing NULL',
    async (_name, failure) => {
      // Arrange
      const sql = mapSourceType(failure.column).fromExportSql;

      // Act
      const write = writeCurated(sql, [failure.input]);

      // Assert
      await expect(write).rejects.toThrow(failure.error);
    },
  );

  it('fails loudly on a replica interval that is not ISO 8601', async () => {
    // Arrange
    const sql = mapSourceType(postgres('interval')).fromReplicaSql;

    // Act
    const write = writeCurated(sql, ["'1 day'"]);

    // Assert
    await expect(write).rejects.toThrow(/expected an ISO 8601 interval/);
  });
});

/** The DuckDB type DuckDB reads an export column as, from the row's `PHYSICAL LOGICAL` text. */
function exportReadType(rdsExport: string): string {
  const [physical, logical] = rdsExport.split(' ');
  if (logical === 'STRING') return 'VARCHAR';
  if (logical?.startsWith('DECIMAL')) return logical;
  if (logical === 'TIMESTAMP_MICROS') return 'TIMESTAMPTZ';
  if (logical === 'INT(16,true)') return 'SMALLINT';
  const physicalTypes: Record<string, string> = {
    INT32: 'INTEGER',
    INT64: 'BIGINT',
    FLOAT: 'FLOAT',
    DOUBLE: 'DOUBLE',
    BOOLEAN: 'BOOLEAN',
    BYTE_ARRAY: 'BLOB',
  };
  return physicalTypes[physical ?? ''] ?? `unknown export type ${rdsExport}`;
}

describe('every documented row on DuckDB', () => {
  it.each(TYPE_MAPPING_ROWS.map((row) => [`${row.engine} ${row.sourceType}`, row] as const))(
    '%s: the export SQL writes the documented type, and the Glue type read back from the file is its Athena type',
    async (_name, row) => {
      // Arrange
      const input = `CAST(NULL AS ${exportReadType(row.rdsExport)})`;

      // Act
      const file = await writeCurated(() => row.fromExportSql, [input]);
      const written = await describedType(file);

      // Assert
      expect(written).toBe(row.duckdbType);
      expect(duckdbTypeToAthena(written)).toBe(row.athenaType);
      expect(await leaf(file)).not.toMatchObject({ type: 'INT96' });
    },
  );
});
