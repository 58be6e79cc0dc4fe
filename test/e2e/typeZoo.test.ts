/**
 * The type zoo (issue 17, deliverable 8): on the real MariaDB and the real PostgreSQL, a column
 * for every source type of docs/type-mapping.md (TYPE_MAPPING_ROWS) holding edge values, run
 * through both paths of `datalake local --source` (`snapshot-export`: the simulated RDS export
 * then the transform; `replica-query`: the extract), and compared value by value with the source,
 * the curated Parquet read back by two independent readers: DuckDB (the local catalog's view) and
 * hyparquet (the view's Parquet files, in a child process).
 *
 * Every value on every side becomes one canonical text per curated Athena type (see
 * test/helpers/canonicalValue.ts), so the comparison is exact: no tolerance, floats by their bits.
 * A MySQL date that is not a calendar date (zero dates such as `0000-00-00`, partial zeros such
 * as `2024-00-15`, year 0000, `2024-02-30`) is expected as NULL: the source default
 * `invalidDates: null`.
 *
 * The source side reads each value with the driver in a canonical text form (CAST(c AS CHAR),
 * c::text, hex for bytes, to_char for PostgreSQL timestamps; MySQL floats through the binary
 * protocol, which carries the float exactly).
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { Client } from 'pg';
import { parseConfig } from '../../lib/config';
import { type MapSourceTypeOptions, TYPE_MAPPING_ROWS } from '../../lib/core/types';
import { queryLocalCatalog } from '../../lib/local/queryLocalCatalog';
import { type LocalRunResult, runLocal } from '../../lib/local/runLocal';
import { type Canonical, canonicalHyparquetValue, canonicalValue } from '../helpers/canonicalValue';
import { marketplaceSource } from '../helpers/configFactory';
import { connectMariadb, mariadbQuery, mariadbUrl, postgresUrl } from '../helpers/databases';
import { readParquetWithHyparquet } from '../helpers/readParquetWithHyparquet';

type Engine = 'mysql' | 'postgres';
type Path = 'snapshot-export' | 'replica-query';
const PATHS: readonly Path[] = ['snapshot-export', 'replica-query'];

/** One zoo column: the documented source type it stands for and its edge values. */
interface ZooColumn {
  readonly name: string;
  /** The source type as TYPE_MAPPING_ROWS spells it. */
  readonly type: string;
  /** @default - `type` */
  readonly ddl?: string;
  /** SQL literals, one per row from id 1 (later rows, and the last row, are NULL). */
  readonly values: readonly string[];
  /** The column's config `cast` (for the types the lake lands as text only when told). */
  readonly cast?: 'string';
  /** The mapping options of the TYPE_MAPPING_ROWS row. @default - none */
  readonly options?: MapSourceTypeOptions;
  /** The source's canonical text of column `c`, when the default for its Athena type does not fit. */
  readonly source?: (c: string) => string;
}

interface ZooTable {
  readonly engine: Engine;
  readonly name: string;
  readonly columns: readonly ZooColumn[];
  /** Session statements before the insert. @default - none */
  readonly sessionSql?: readonly string[];
  /** Source config keys. @default - none */
  readonly sourceConfig?: Readonly<Record<string, unknown>>;
  /** The invalid values the run reports it landed as NULL, by column. @default - none */
  readonly invalidValuesNulled?: Readonly<Record<string, number>>;
}

const col = (
  name: string,
  type: string,
  values: readonly string[],
  extra: Partial<ZooColumn> = {},
): ZooColumn => ({
  name,
  type,
  values,
  ...extra,
});

const NFD_KOREAN = '\u1112\u1161\u11AB\u1100\u1173\u11AF';
const EMOJI = '😀👍🏽👨‍👩‍👧';
/** 5 MiB values: a text of 1-, 3- and 4-byte characters, and bytes (NULs included). */
const LARGE_BYTES = 5 * 1024 * 1024;
const LARGE_TEXT = (() => {
  const unit = `abc${NFD_KOREAN}${EMOJI}\n`;
  return unit.repeat(Math.ceil(LARGE_BYTES / Buffer.byteLength(unit)));
})();

/** Texts a CSV landing could misread: quotes, separators, lone line ends, blanks, escapes, number and date look-alikes. */
const CSV_HOSTILE = [
  '"',
  '""x',
  ',',
  '\r',
  ' ',
  '\t',
  '"a,b"',
  '\\',
  '\\"',
  '007',
  '-0',
  '1e5',
  'NaN',
  'true',
  '2024-01-01',
];

const sqlText = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
const pgText = (value: string) => `'${value.replaceAll("'", "''")}'`;

const MYSQL_SCALARS: ZooTable = {
  engine: 'mysql',
  name: 'zoo_all_mysql_scalars',
  columns: [
    col('c_tinyint', 'tinyint(4)', ['-128', '127', '0']),
    col('c_tinyint_u', 'tinyint(3) unsigned', ['0', '255']),
    col('c_bool', 'tinyint(1)', ['0', '1']),
    col('c_smallint', 'smallint(6)', ['-32768', '32767']),
    col('c_smallint_u', 'smallint(5) unsigned', ['0', '65535']),
    col('c_mediumint', 'mediumint(9)', ['-8388608', '8388607']),
    col('c_mediumint_u', 'mediumint(8) unsigned', ['0', '16777215']),
    col('c_int', 'int(11)', ['-2147483648', '2147483647']),
    col('c_int_u', 'int(10) unsigned', ['0', '4294967295']),
    col('c_bigint', 'bigint(20)', ['-9223372036854775808', '9223372036854775807']),
    col('c_bigint_u', 'bigint(20) unsigned', ['0', '18446744073709551615', '9223372036854775808']),
    col('c_dec', 'decimal(10,2)', ['-99999999.99', '99999999.99', '0.01', '-0.50']),
    col('c_dec38', 'decimal(38,10)', [
      '-9999999999999999999999999999.9999999999',
      '9999999999999999999999999999.9999999999',
      '0.0000000001',
    ]),
    col(
      'c_dec65',
      'decimal(65,30)',
      [`-${'9'.repeat(35)}.${'9'.repeat(30)}`, `${'9'.repeat(35)}.${'9'.repeat(30)}`, `0.${'0'.repeat(29)}1`],
      { cast: 'string', options: { oversizeDecimal: 'string' } },
    ),
    col('c_float', 'float', [
      '-3.4028234663852886e38',
      '3.4028234663852886e38',
      '1.401298464324817e-45',
      '0.1',
      '-1.1754943508222875e-38',
    ]),
    col('c_double', 'double', [
      '-1.7976931348623157e308',
      '1.7976931348623157e308',
      '5e-324',
      '0.1',
      '-2.2250738585072014e-308',
      '-0e0',
    ]),
    col('c_bit1', 'bit(1)', ["b'0'", "b'1'"]),
    col('c_bit8', 'bit(8)', ["b'00000000'", "b'11111111'", "b'10100101'"], {
      source: (c) => `LOWER(HEX(CAST(${c} AS BINARY)))`,
    }),
    col('c_char', 'char(10)', [sqlText('abc'), sqlText('한글'), sqlText('')]),
    col('c_varchar', 'varchar(255)', [
      sqlText(NFD_KOREAN),
      sqlText(EMOJI),
      sqlText(`q'uote "d" \\ back, {brace}`),
      sqlText(''),
      sqlText('\\N'),
      sqlText(' trailing spaces  '),
      ...CSV_HOSTILE.map(sqlText),
    ]),
    col('c_text', 'text', [
      sqlText(`line\nbreak\r\ntab\t${NFD_KOREAN}`),
      sqlText('NULL'),
      sqlText(''),
      "CONCAT('nul', CHAR(0 USING utf8mb4), 'byte')",
    ]),
    col('c_longtext', 'longtext', [sqlText(`${EMOJI}${NFD_KOREAN}`)]),
    col('c_text_latin1', 'text', [sqlText('café ÿ ¤'), sqlText('')], { ddl: 'text CHARACTER SET latin1' }),
    col('c_enum', "enum('new','sold')", [sqlText('new'), sqlText('sold')]),
    col('c_set', "set('a','b')", [sqlText('a,b'), sqlText(''), sqlText('b')]),
    col('c_json', 'json', [
      sqlText('{"k": [1, "é", null], "e": "😀"}'),
      sqlText('[]'),
      sqlText('{"u": "\\u00e9\\n"}'),
    ]),
    col('c_binary', 'binary(16)', ["X'00'", "X'00FF00FF00FF00FF00FF00FF00FF00FF'"]),
    col('c_varbinary', 'varbinary(255)', ["X'00'", "X'0000FF00'", "X''"]),
    col('c_blob', 'blob', ["X'000102FF00'", "X''"]),
    col('c_longblob', 'longblob', ["X'00FF'"]),
    col('c_geometry', 'geometry', [
      "ST_GeomFromText('POINT(1 2)')",
      "ST_GeomFromText('LINESTRING(0 0, 1 1)')",
    ]),
    col('c_date', 'date', [
      sqlText('0001-01-01'),
      sqlText('1582-10-10'),
      sqlText('9999-12-31'),
      sqlText('1970-01-01'),
    ]),
    col('c_datetime', 'datetime(6)', [
      sqlText('0001-01-01 00:00:00.000000'),
      sqlText('1582-10-10 12:34:56.789012'),
      sqlText('9999-12-31 23:59:59.999999'),
      sqlText('2024-02-29 00:00:00.000001'),
      sqlText('1969-12-31 23:59:59.999999'),
    ]),
    col(
      'c_timestamp',
      'timestamp(6)',
      [
        sqlText('1970-01-01 00:00:01.000000'),
        sqlText('2038-01-19 03:14:07.999999'),
        sqlText('2000-01-01 00:00:00.000001'),
      ],
      { ddl: 'timestamp(6) NULL' },
    ),
    col('c_time', 'time(6)', [
      sqlText('-838:59:59.000000'),
      sqlText('838:59:59.000000'),
      sqlText('00:00:00.000001'),
      sqlText('12:34:56.5'),
      sqlText('-00:00:00.000001'),
    ]),
    col('c_year', 'year(4)', ['1901', '2155', '0'], { source: (c) => `CAST(${c} + 0 AS CHAR)` }),
    col('c_uuid', 'uuid', [
      sqlText('00000000-0000-0000-0000-000000000000'),
      sqlText('ffffffff-ffff-ffff-ffff-ffffffffffff'),
      sqlText('123e4567-e89b-12d3-a456-426614174000'),
    ]),
  ],
};

/** Zero, partial-zero and impossible dates, which MySQL accepts under a permissive sql_mode. */
const MYSQL_ZERO_DATES: ZooTable = {
  engine: 'mysql',
  name: 'zoo_all_mysql_zero_dates',
  sessionSql: ["SET SESSION sql_mode = 'ALLOW_INVALID_DATES'"],
  invalidValuesNulled: { c_date: 5, c_datetime: 5, c_timestamp: 1 },
  columns: [
    col('c_date', 'date', [
      sqlText('0000-00-00'),
      sqlText('2024-00-15'),
      sqlText('2024-01-00'),
      sqlText('2024-01-15'),
      sqlText('2024-02-30'),
      sqlText('0000-01-01'),
    ]),
    col('c_datetime', 'datetime(6)', [
      sqlText('0000-00-00 00:00:00'),
      sqlText('2024-00-15 10:00:00'),
      sqlText('2024-01-00 00:00:00.5'),
      sqlText('2024-01-15 00:00:00.000001'),
      sqlText('2024-02-30 12:00:00'),
      sqlText('0000-01-01 00:00:00'),
    ]),
    col(
      'c_timestamp',
      'timestamp(6)',
      [sqlText('0000-00-00 00:00:00'), sqlText('2024-01-15 00:00:00.000001')],
      {
        ddl: 'timestamp(6) NULL',
      },
    ),
  ],
};

const MYSQL_LARGE: ZooTable = {
  engine: 'mysql',
  name: 'zoo_all_mysql_large',
  columns: [
    col('c_longtext', 'longtext', [sqlText(LARGE_TEXT)]),
    col('c_longblob', 'longblob', [`REPEAT(X'00FF', ${LARGE_BYTES / 2})`]),
  ],
};

const PG_SCALARS: ZooTable = {
  engine: 'postgres',
  name: 'zoo_all_pg_scalars',
  columns: [
    col('c_smallint', 'smallint', ['-32768', '32767', '0']),
    col('c_integer', 'integer', ['-2147483648', '2147483647']),
    col('c_bigint', 'bigint', ['-9223372036854775808', '9223372036854775807']),
    col('c_numeric', 'numeric(10,2)', ['-99999999.99', '99999999.99', '0.01', '-0.50']),
    col('c_numeric38', 'numeric(38,10)', [
      '-9999999999999999999999999999.9999999999',
      '9999999999999999999999999999.9999999999',
      '0.0000000001',
    ]),
    col('c_real', 'real', [
      "'-3.4028235e38'",
      "'3.4028235e38'",
      "'1e-45'",
      "'NaN'",
      "'Infinity'",
      "'-Infinity'",
      "'-0'",
      "'0.1'",
    ]),
    col('c_double', 'double precision', [
      "'-1.7976931348623157e308'",
      "'1.7976931348623157e308'",
      "'5e-324'",
      "'NaN'",
      "'Infinity'",
      "'-Infinity'",
      "'-0'",
      "'0.1'",
    ]),
    col('c_money', 'money', ["'-92233720368547758.08'", "'92233720368547758.07'", "'0'"]),
    col('c_boolean', 'boolean', ['true', 'false']),
    col('c_text', 'text', [
      pgText(NFD_KOREAN),
      pgText(EMOJI),
      pgText(`q'uote "d" \\ back, {brace}\nline\r\n\ttab`),
      pgText(''),
      pgText('NULL'),
      pgText('\\N'),
      pgText('\u0001control'),
    ]),
    col('c_varchar', 'character varying(255)', [pgText(NFD_KOREAN), pgText(''), ...CSV_HOSTILE.map(pgText)]),
    col('c_char', 'character(10)', [pgText('ab'), pgText('한글'), pgText('')], { source: (c) => c }),
    col('c_name', 'name', [pgText('pg_catalog'), pgText('n'.repeat(63))]),
    col('c_bytea', 'bytea', ["'\\x00'", "'\\x00ff00ff'", "'\\x'", "'\\xdeadbeef00'"]),
    col('c_bit1', 'bit(1)', ["B'0'", "B'1'"]),
    col('c_bit8', 'bit(8)', ["B'00000000'", "B'10100101'"]),
    col('c_varbit', 'bit varying(16)', ["B''", "B'1'", "B'1010101010101010'"]),
    col('c_date', 'date', ["'0001-01-01'", "'1582-10-10'", "'9999-12-31'", "'2000-02-29'"]),
    col('c_time', 'time without time zone', [
      "'23:59:60'",
      "'00:00:00'",
      "'23:59:59.999999'",
      "'24:00:00'",
      "'12:34:56.5'",
    ]),
    col('c_timetz', 'time(3) with time zone', [
      "'00:00:00+00'",
      "'23:59:59.999-15:59'",
      "'12:34:56.5+05:30'",
    ]),
    col('c_timestamp', 'timestamp(6) without time zone', [
      "'0001-01-01 00:00:00'",
      "'1582-10-10 12:34:56.789012'",
      "'9999-12-31 23:59:59.999999'",
      "'2024-02-29 00:00:00.000001'",
      "'1969-12-31 23:59:59.999999'",
    ]),
    col('c_timestamptz', 'timestamp with time zone', [
      "'0001-01-01 00:00:00+00'",
      "'1582-10-10 00:30:00+01'",
      "'9999-12-31 23:59:59.999999+00'",
      "'2024-03-31 02:30:00.000001+02:00'",
      "'1969-12-31 23:59:59.999999+00'",
    ]),
    col('c_interval', 'interval', [
      "'1 year 2 months 3 days 04:05:06.5'",
      "'-1 day'",
      "'0'",
      "'1 mon -1 day -00:00:00.000001'",
      "'-178000000 years'",
      "'177999999 years 11 months 2147483647 days'",
      "'-2147483648 days'",
      "'-100000000:00:00.000001'",
      // Beyond DuckDB's interval parser on the export text: PostgreSQL's own limits.
      "'1000000000:00:00'",
      "'2562047788:00:54.775807'",
      "'-2562047788:00:54.775807'",
      "'0.000001 seconds'",
      "'-1 years +1 months'",
    ]),
    col('c_json', 'json', [
      pgText('{"b": 1,  "a": [1, "é", null]}'),
      pgText('[]'),
      pgText('{"nul": "\\u0000"}'),
    ]),
    col('c_jsonb', 'jsonb', [pgText('{"b": 1,  "a": [1, "é", null], "e": "😀"}'), pgText('"NULL"')]),
    col('c_uuid', 'uuid', [
      "'00000000-0000-0000-0000-000000000000'",
      "'123e4567-e89b-12d3-a456-426614174000'",
    ]),
    // inet's own output (c::text would add the /128 mask to '::1').
    col('c_inet', 'inet', ["'192.168.0.1/24'", "'::1'"], { source: (c) => c }),
    col('c_cidr', 'cidr', ["'10.0.0.0/8'", "'2001:db8::/32'"]),
    col('c_macaddr', 'macaddr', ["'08:00:2b:01:02:03'"]),
    col('c_xml', 'xml', [pgText(`<a b="1">${NFD_KOREAN}</a>`)]),
    col('c_tsvector', 'tsvector', ["'a fat cat'"]),
    col('c_point', 'point', ["'(1.5,-2)'"]),
    col('c_int4range', 'int4range', ["'[1,10)'", "'empty'"]),
    col('c_mood', 'mood', ["'happy'", "'sad'"], { ddl: 'zoo_all_mood' }),
  ],
};

/** 1-D arrays' canonical source text: each element's own text (numeric keeps its scale), as JSON. */
const pgArrayElements = (c: string, element = (e: string) => `${e}::text`) =>
  `CASE WHEN ${c} IS NULL THEN NULL ELSE coalesce((SELECT json_agg(${element('e')} ORDER BY n) FROM unnest(${c}) WITH ORDINALITY AS u(e, n)), '[]')::text END`;
const UTC_MICROS = (e: string) => `to_char(${e} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;

const PG_ARRAYS: ZooTable = {
  engine: 'postgres',
  name: 'zoo_all_pg_arrays',
  columns: [
    col('c_int', 'integer[]', ["'{1,-2147483648,2147483647,NULL}'", "'{}'", "'[0:1]={5,6}'"]),
    col('c_int2d', 'integer[][]', ["'{{1,2},{3,4}}'", "'{{NULL,1}}'", "'{}'"], {
      source: (c) => `array_to_json(${c})::text`,
    }),
    col('c_text', 'text[]', [
      `ARRAY[${['{}', '{', 'a,b', 'quote"d', 'back\\slash', '', 'NULL', '\\N', ' spaced ', 'line\nbreak\ttab', NFD_KOREAN, EMOJI].map(pgText).join(', ')}, NULL]`,
      "'{}'",
      'ARRAY[NULL]::text[]',
    ]),
    col('c_numeric', 'numeric(10,2)[]', ["'{1.50,-99999999.99,NULL}'"]),
    col('c_boolean', 'boolean[]', ["'{t,f,NULL}'"]),
    col('c_mood', 'mood[]', ["'{happy,sad}'", "'{}'"], { ddl: 'zoo_all_mood[]' }),
    col('c_date', 'date[]', ["'{0001-01-01,1582-10-10,9999-12-31,NULL}'", "'{}'"]),
    col('c_bigint', 'bigint[]', ["'{-9223372036854775808,9223372036854775807,NULL}'"]),
    col('c_varchar', 'character varying(20)[]', [
      `ARRAY[${['{x}', '"', ',', 'NULL', ''].map(pgText).join(', ')}, NULL]`,
    ]),
    col(
      'c_timestamp',
      'timestamp without time zone[]',
      ['\'{"0001-01-01 00:00:00","9999-12-31 23:59:59.999999",NULL}\''],
      { source: (c) => pgArrayElements(c, (e) => `to_char(${e}, 'YYYY-MM-DD HH24:MI:SS.US')`) },
    ),
    col(
      'c_timestamptz',
      'timestamp with time zone[]',
      ['\'{"2024-03-31 02:30:00.000001+02","1970-01-01 00:00:00+00",NULL}\''],
      { source: (c) => pgArrayElements(c, UTC_MICROS) },
    ),
    col('c_uuid', 'uuid[]', ["'{00000000-0000-0000-0000-000000000000,NULL}'"]),
    col('c_jsonb', 'jsonb[]', [
      `ARRAY[${['{"a": [1, "{}"]}', '"NULL"', 'null'].map(pgText).join(', ')}]::jsonb[]`,
    ]),
    col('c_bytea', 'bytea[]', ["ARRAY['\\x00'::bytea, '\\x00ff'::bytea, '\\x'::bytea, NULL]"], {
      source: (c) => pgArrayElements(c, (e) => `encode(${e}, 'hex')`),
    }),
    col('c_box', 'box[]', ["'{(1,1),(0,0);(2,2),(1,1)}'"], { source: (c) => `${c}::text` }),
  ],
};

/** `numeric` without a precision, under the source default `unboundedNumeric: string`. */
const PG_NUMERIC: ZooTable = {
  engine: 'postgres',
  name: 'zoo_all_pg_numeric',
  columns: [
    col('c_numeric', 'numeric', [
      `'${'9'.repeat(50)}.${'1'.repeat(20)}'`,
      `'-0.${'0'.repeat(40)}1'`,
      "'NaN'",
      "'Infinity'",
      "'-Infinity'",
      "'0'",
      "'1.500'",
    ]),
  ],
};

/** `numeric` without a precision, with the source's `unboundedNumeric: decimal(38,10)`. */
const PG_NUMERIC38: ZooTable = {
  engine: 'postgres',
  name: 'zoo_all_pg_numeric38',
  sourceConfig: { unboundedNumeric: 'decimal(38,10)' },
  columns: [
    col(
      'c_numeric',
      'numeric',
      [
        "'-9999999999999999999999999999.9999999999'",
        "'9999999999999999999999999999.9999999999'",
        "'0.5'",
        "'0'",
      ],
      { options: { unboundedNumeric: 'decimal(38,10)' } },
    ),
  ],
};

const PG_LARGE: ZooTable = {
  engine: 'postgres',
  name: 'zoo_all_pg_large',
  columns: [
    col('c_text', 'text', [pgText(LARGE_TEXT)]),
    col('c_bytea', 'bytea', [`decode(repeat('00ff', ${LARGE_BYTES / 2}), 'hex')`]),
  ],
};

const TABLES: readonly ZooTable[] = [
  MYSQL_SCALARS,
  MYSQL_ZERO_DATES,
  MYSQL_LARGE,
  PG_SCALARS,
  PG_NUMERIC,
  PG_NUMERIC38,
  PG_ARRAYS,
  PG_LARGE,
];

/** The PostgreSQL zoo's own database, so its enum type touches nothing else. */
const PG_DATABASE = 'zoo_all';

function pgDatabaseUrl(database: string): string {
  const url = new URL(postgresUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withPostgres<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: pgDatabaseUrl(database), options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A TYPE_MAPPING_ROWS row's engine, source type and options, e.g. `mysql decimal(65,30) {"oversizeDecimal":"string"}`. */
const rowKey = (row: { engine: string; sourceType: string; options?: MapSourceTypeOptions }) =>
  `${row.engine} ${row.sourceType} ${JSON.stringify(row.options ?? {})}`;
const columnKey = (engine: Engine, column: ZooColumn) =>
  rowKey({ engine, sourceType: column.type, ...(column.options ? { options: column.options } : {}) });

/** The documented row a column stands for. */
function mappingRow(engine: Engine, column: ZooColumn) {
  const row = TYPE_MAPPING_ROWS.find((candidate) => rowKey(candidate) === columnKey(engine, column));
  if (row === undefined) throw new Error(`${columnKey(engine, column)} is not a row of TYPE_MAPPING_ROWS`);
  return row;
}

/** The curated Athena type of a column: its cast, else the documented mapping. */
const athenaType = (engine: Engine, column: ZooColumn) =>
  column.cast ?? mappingRow(engine, column).athenaType;
/** The curated DuckDB type of a column. */
const duckdbType = (engine: Engine, column: ZooColumn) =>
  column.cast ? 'VARCHAR' : mappingRow(engine, column).duckdbType;

const rowCount = (table: ZooTable) => Math.max(...table.columns.map((column) => column.values.length)) + 1;

function insertSql(table: ZooTable): string {
  const q = table.engine === 'mysql' ? (name: string) => `\`${name}\`` : (name: string) => `"${name}"`;
  const rows = Array.from({ length: rowCount(table) }, (_, index) => {
    const values = table.columns.map((column) => column.values[index] ?? 'NULL');
    return `(${[String(index + 1), ...values].join(', ')})`;
  });
  return `INSERT INTO ${q(table.name)} (id, ${table.columns.map((column) => q(column.name)).join(', ')}) VALUES ${rows.join(', ')}`;
}

function createSql(table: ZooTable): string {
  const columns = table.columns.map((column) => `${column.name} ${column.ddl ?? column.type}`);
  return `CREATE TABLE ${table.name} (id ${table.engine === 'mysql' ? 'int(11)' : 'integer'} PRIMARY KEY, ${columns.join(', ')})`;
}

async function createZoo(): Promise<void> {
  for (const table of TABLES.filter((candidate) => candidate.engine === 'mysql')) {
    const connection = await connectMariadb();
    try {
      for (const statement of table.sessionSql ?? []) await connection.query(statement);
      await connection.query(`DROP TABLE IF EXISTS ${table.name}`);
      await connection.query(`${createSql(table)} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
      await connection.query(insertSql(table));
    } finally {
      await connection.end();
    }
  }
  await withPostgres('payments', async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${PG_DATABASE}`);
    await client.query(`CREATE DATABASE ${PG_DATABASE} ENCODING 'UTF8' TEMPLATE template0`);
  });
  await withPostgres(PG_DATABASE, async (client) => {
    await client.query("CREATE TYPE zoo_all_mood AS ENUM ('happy', 'sad')");
    for (const table of TABLES.filter((candidate) => candidate.engine === 'postgres')) {
      await client.query(createSql(table));
      await client.query(insertSql(table));
    }
  });
}

async function dropZoo(): Promise<void> {
  for (const table of TABLES.filter((candidate) => candidate.engine === 'mysql')) {
    await mariadbQuery(`DROP TABLE IF EXISTS ${table.name}`);
  }
  await withPostgres('payments', (client) => client.query(`DROP DATABASE IF EXISTS ${PG_DATABASE}`));
}

// ---- reading each side -----------------------------------------------------------------------

/** The source's canonical text of column `c` (see the file comment). */
function sourceSql(engine: Engine, column: ZooColumn, c: string): string {
  if (column.source) return column.source(c);
  const athena = athenaType(engine, column);
  if (engine === 'mysql') {
    if (athena === 'float' || athena === 'double') return c;
    if (athena === 'binary') return `LOWER(HEX(${c}))`;
    if (athena === 'boolean') return `CAST(${c} + 0 AS CHAR)`;
    return `CAST(${c} AS CHAR)`;
  }
  if (athena === 'binary') return `encode(${c}, 'hex')`;
  if (column.type === 'timestamp with time zone')
    return `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
  if (athena === 'timestamp') return `to_char(${c}, 'YYYY-MM-DD HH24:MI:SS.US')`;
  if (athena.startsWith('array<')) return pgArrayElements(c);
  return `${c}::text`;
}

type CanonicalRow = Readonly<Record<string, Canonical>>;

function canonicalRows(table: ZooTable, rows: readonly Record<string, unknown>[]): CanonicalRow[] {
  return rows.map((row) =>
    Object.fromEntries([
      ['id', String(row.id)],
      ...table.columns.map((column) => [
        column.name,
        canonicalValue(athenaType(table.engine, column), row[column.name]),
      ]),
    ]),
  );
}

async function sourceRows(table: ZooTable): Promise<CanonicalRow[]> {
  const select = (q: (name: string) => string) =>
    `SELECT id, ${table.columns.map((column) => `${sourceSql(table.engine, column, q(column.name))} AS ${q(column.name)}`).join(', ')} FROM ${q(table.name)} ORDER BY id`;
  if (table.engine === 'mysql') {
    const connection = await connectMariadb();
    try {
      // The binary protocol carries FLOAT and DOUBLE exactly.
      const [rows] = await connection.execute<RowDataPacket[]>(select((name) => `\`${name}\``));
      return canonicalRows(table, rows);
    } finally {
      await connection.end();
    }
  }
  return withPostgres(PG_DATABASE, async (client) => {
    await client.query("SET intervalstyle = 'iso_8601'");
    return canonicalRows(table, (await client.query(select((name) => `"${name}"`))).rows);
  });
}

/** The lake's canonical text of column `c` in DuckDB. */
function duckdbSql(athena: string, c: string): string {
  if (athena === 'binary') return `lower(hex(${c}))`;
  if (athena === 'array<binary>') return `list_transform(${c}, x -> lower(hex(x)))`;
  const depth = athena.split('array<').length - 1;
  return `CAST(${c} AS VARCHAR${'[]'.repeat(depth)})`;
}

async function lakeRowsWithDuckdb(run: LocalRunResult, table: ZooTable): Promise<CanonicalRow[]> {
  const sql = `SELECT CAST(id AS VARCHAR) AS id, ${table.columns
    .map((column) => `${duckdbSql(athenaType(table.engine, column), `"${column.name}"`)} AS "${column.name}"`)
    .join(', ')} FROM ${run.database}.${table.name}`;
  const result = await queryLocalCatalog(run.catalogFile, sql);
  const names = result.columns.map((column) => column.name);
  return canonicalRows(
    table,
    result.rows.map((row) => Object.fromEntries(names.map((name, index) => [name, row[index]]))),
  );
}

/** The Parquet files the table's catalog view reads, following the views it selects from. */
async function curatedFiles(run: LocalRunResult, table: ZooTable): Promise<string[]> {
  const files: string[] = [];
  const pending = [table.name];
  for (let view = pending.pop(); view !== undefined; view = pending.pop()) {
    const result = await queryLocalCatalog(
      run.catalogFile,
      `SELECT sql FROM duckdb_views() WHERE schema_name = '${run.database}' AND view_name = '${view}'`,
    );
    const sql = String(result.rows[0]?.[0] ?? '');
    files.push(...[...sql.matchAll(/'([^']+\.parquet)'/g)].map((match) => match[1] ?? ''));
    const from = new RegExp(`(?:FROM|JOIN)\\s+"?${run.database}"?\\."?(\\w+)"?`, 'g');
    pending.push(...[...sql.matchAll(from)].map((match) => match[1] ?? ''));
  }
  return files;
}

async function lakeRowsWithHyparquet(run: LocalRunResult, table: ZooTable): Promise<CanonicalRow[]> {
  const files = await curatedFiles(run, table);
  expect(files.length).toBeGreaterThan(0);
  const rows = readParquetWithHyparquet(files).map((row) =>
    Object.fromEntries([
      ['id', canonicalHyparquetValue('int', row.id ?? null)],
      ...table.columns.map((column) => [
        column.name,
        canonicalHyparquetValue(athenaType(table.engine, column), row[column.name] ?? null),
      ]),
    ]),
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The cells that differ, rows matched by id, as `id.column: lake ≠ source` lines (long texts shortened). */
function differences(lake: readonly CanonicalRow[], source: readonly CanonicalRow[]): string[] {
  const show = (value: Canonical | undefined) => {
    const text = JSON.stringify(value) ?? 'undefined';
    return text.length > 200 ? `${text.slice(0, 120)}… (${text.length} chars)` : text;
  };
  const lines: string[] = [];
  const lakeById = new Map(lake.map((row) => [row.id, row]));
  for (const row of source) {
    for (const [name, expected] of Object.entries(row)) {
      const actual = lakeById.get(row.id)?.[name];
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        lines.push(`id ${row.id}.${name}: lake ${show(actual)} ≠ source ${show(expected)}`);
    }
  }
  if (lake.length !== source.length) lines.push(`rows: lake ${lake.length} ≠ source ${source.length}`);
  return lines;
}

async function runZooTable(table: ZooTable, path: Path, lakeDir: string): Promise<LocalRunResult> {
  const tables = [
    {
      name: table.name,
      mode: path,
      pool: 'small',
      columns: Object.fromEntries(
        table.columns.filter((column) => column.cast).map((column) => [column.name, { cast: column.cast }]),
      ),
    },
  ];
  const source =
    table.engine === 'mysql'
      ? marketplaceSource({ includeTables: 'listed', tables, ...table.sourceConfig })
      : {
          name: 'zoo',
          engine: 'postgres' as const,
          database: PG_DATABASE,
          primary: { instanceIdentifier: 'zoo-db' },
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zoo-AbCdEf',
          includeTables: 'listed' as const,
          tables,
          ...table.sourceConfig,
        };
  const config = parseConfig({
    name: 'zoo',
    pools: [{ name: 'small', maxConcurrency: 2 }],
    sources: [source],
  });
  return runLocal({
    config,
    lakeDir,
    sourceUrl: table.engine === 'mysql' ? mariadbUrl() : pgDatabaseUrl(PG_DATABASE),
  });
}

describe('the type zoo through both local paths, read back by DuckDB and hyparquet', () => {
  const lakes: string[] = [];
  beforeAll(createZoo, 120_000);
  afterAll(async () => {
    await dropZoo();
    for (const dir of lakes) rmSync(dir, { recursive: true, force: true });
  });

  it('has a column for every source type of docs/type-mapping.md', () => {
    // Arrange
    const covered = new Set(
      TABLES.flatMap((table) => table.columns.map((column) => columnKey(table.engine, column))),
    );

    // Assert
    expect(TYPE_MAPPING_ROWS.map(rowKey).filter((key) => !covered.has(key))).toEqual([]);
  });

  it('holds zero, partial-zero and impossible dates in the source (which the lake lands as NULL)', async () => {
    // Act
    const rows = await mariadbQuery(
      `SELECT CAST(c_date AS CHAR) AS d, CAST(c_datetime AS CHAR) AS dt, CAST(c_timestamp AS CHAR) AS ts FROM ${MYSQL_ZERO_DATES.name} ORDER BY id`,
    );

    // Assert
    expect(rows.slice(0, 3)).toEqual([
      { d: '0000-00-00', dt: '0000-00-00 00:00:00.000000', ts: '0000-00-00 00:00:00.000000' },
      { d: '2024-00-15', dt: '2024-00-15 10:00:00.000000', ts: '2024-01-15 00:00:00.000001' },
      { d: '2024-01-00', dt: '2024-01-00 00:00:00.500000', ts: null },
    ]);
    expect(rows.slice(4, 6)).toEqual([
      { d: '2024-02-30', dt: '2024-02-30 12:00:00.000000', ts: null },
      { d: '0000-01-01', dt: '0000-01-01 00:00:00.000000', ts: null },
    ]);
  });

  describe.each(TABLES.map((table) => [table.name, table] as const))('%s', (_name, table) => {
    it.each(PATHS)('lands every value exactly through %s', async (path) => {
      // Arrange
      const lakeDir = await mkdtemp(join(tmpdir(), 'zoo-all-'));
      lakes.push(lakeDir);
      const source = await sourceRows(table);

      // Act
      const run = await runZooTable(table, path, lakeDir);

      // Assert
      expect(run.status).toBe('SUCCEEDED');
      expect(run.tables.map((logged) => [logged.table, logged.invalidValuesNulled])).toEqual([
        [table.name, table.invalidValuesNulled],
      ]);
      const types = await queryLocalCatalog(
        run.catalogFile,
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '${run.database}' AND table_name = '${table.name}' AND column_name <> 'id' ORDER BY ordinal_position`,
      );
      expect(Object.fromEntries(types.rows.map((row) => [row[0], row[1]]))).toEqual(
        Object.fromEntries(table.columns.map((column) => [column.name, duckdbType(table.engine, column)])),
      );
      expect(differences(await lakeRowsWithDuckdb(run, table), source)).toEqual([]);
      expect(differences(await lakeRowsWithHyparquet(run, table), source)).toEqual([]);
      expect(source).toHaveLength(rowCount(table));
    });
  });
});
