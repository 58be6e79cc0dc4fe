import { RDS_EXPORT_DOC_URL } from './RDS_EXPORT_DOC_URL';
import type { TypeMappingRow } from './TYPE_MAPPING_ROWS';
import { TYPE_MAPPING_ROWS } from './TYPE_MAPPING_ROWS';

const INTRO = `# Source type → Parquet → Athena type mapping

Generated from \`TYPE_MAPPING_ROWS\` (lib/core/types) by
\`npx tsx scripts/print-type-mapping.ts > docs/type-mapping.md\`; a unit test fails when this file is stale.

Every source type has one curated Parquet type and one Athena type. The snapshot path reads the
RDS snapshot export, whose Parquet types are not the real ones for several types (what it writes
is from AWS's [data conversion table](${RDS_EXPORT_DOC_URL})), and the transform turns each column
into the curated type with the DuckDB SQL below; the replica path lands the values it reads and
converts them with the replica SQL. Both paths write the same curated types.

Rules:

- Never INT96 and never nanosecond timestamps: timestamps are INT64 TIMESTAMP_MICROS. A
  \`timestamptz\` is stored as its UTC wall clock in an Athena \`timestamp\`; MySQL DATETIME and
  TIMESTAMP are read as UTC (the replica session runs in UTC).
- DECIMAL keeps its precision and scale up to 38 digits (Athena's maximum). A decimal declared
  wider is a \`TypeMappingError\` unless the column has a config \`cast\` (\`string\` keeps the exact
  text; \`decimal(38,s)\` rounds to s places) or is dropped.
- PostgreSQL \`numeric\` without a precision (any digits, \`NaN\`, \`Infinity\`) follows the
  source's \`unboundedNumeric\`, unless the column has a \`cast\`: \`string\` (the default) lands
  the exact decimal text, the one choice that holds every value, so no run fails on it;
  \`decimal(38,N)\` lands an Athena decimal(38,N) and fails the table, naming the value, for one
  that needs more than 38-N digits before the point or more than N places after it (trailing zeros
  aside), \`NaN\` or \`Infinity\`: never rounded; \`fail\` refuses such a column at plan time. It
  applies to the elements of a \`numeric[]\` too.
- Unsigned integers widen: TINYINT UNSIGNED → smallint, SMALLINT/MEDIUMINT UNSIGNED → int,
  INT UNSIGNED → bigint, BIGINT UNSIGNED → decimal(20,0). YEAR → smallint.
- TINYINT(1)/BOOLEAN and BIT(1) → boolean; a value other than 0/1 fails instead of becoming true.
  MySQL BIT(n > 1) stays binary (the bytes, lossless for any n); PostgreSQL bit(n > 1) and
  bit varying stay their '0101' text.
- TIME → string \`HH:MM:SS[.ffffff]\` (MySQL TIME may be negative or over 24 h), INTERVAL → ISO 8601
  string (PostgreSQL's \`iso_8601\` style, e.g. \`P1Y2M3DT4H5M6.5S\`): Athena has no time type in
  Parquet tables.
- CHAR/VARCHAR/TEXT → string (no length: Parquet has none); ENUM, SET, PostgreSQL enums, JSON/JSONB
  (as JSON text), UUID, INET → string; BLOB/BYTEA → binary.
- PostgreSQL arrays of every element type the lake maps → \`array<element>\` (enum, uuid, jsonb
  elements: \`array<string>\`), on both paths; a multi-dimensional array nests
  (\`int[][]\` → \`array<array<int>>\`). The array text (AWS: "an array is converted to a string";
  on the replica path PostgreSQL's own array text) is parsed by \`postgres-array\`, the parser
  \`pg\` itself uses, so elements are exact whatever they hold: braces, quotes, backslashes, commas,
  empty strings, NULL (unquoted) and the string \`"NULL"\`; each element is then converted by its
  type's own rule (a bad date inside a \`date[]\` fails like a bad \`date\`). The dimensions are the
  declared ones (\`attndims\`: \`int[][]\` is 2, \`int[]\` 1); PostgreSQL does not enforce them,
  so a value nested otherwise fails the table naming the column. Non-default bounds
  (\`[0:1]={1,2}\`) are dropped: the elements land in order as an Athena array, whose first
  element is 1 ([Access array elements](https://docs.aws.amazon.com/athena/latest/ug/accessing-array-elements.html)). \`box[]\` (whose elements are separated by \`;\`) stays its array text. A column \`cast\` to
  \`string\` lands PostgreSQL's own array text (\`{a,"b c"}\`) instead, on both paths.
- Dates and timestamps must look like \`YYYY-MM-DD[ HH:MM:SS[.ffffff]]\`: 0001-01-01..9999-12-31
  survive; PostgreSQL \`infinity\` and BC dates fail loudly.
- A MySQL DATE, DATETIME or TIMESTAMP that is no calendar date (a zero or partial-zero date:
  \`0000-00-00\`, \`0000-00-00 00:00:00\`, \`2024-00-15\`, \`2024-02-00\`, year 0000; a day the month
  lacks: \`2024-02-30\`) follows the source's \`invalidDates\`: \`null\` (the default, as MySQL's own
  connectors read it) lands NULL and counts it per column (the local run summary and log, the
  \`InvalidValuesNulled\` metric); \`fail\` fails the table naming \`schema.table.column\`, its type and
  the value. AWS does not say what the export writes for one: text (DATE) and a TIMESTAMP_MICROS
  before 0001-01-01 are found, one written as NULL lands NULL uncounted. A dropped column is
  never converted, so its values never fail a run.
- MySQL FLOAT lands bit-exact: both paths read it as \`CAST(col AS DOUBLE)\` (FLOAT's own text
  keeps about 6 digits), the export widens it to DOUBLE, and the cast back to FLOAT is exact.
- Every other conversion uses CAST and explicit checks, never TRY_CAST, so a bad value fails the
  run instead of landing as NULL. Unknown types are a \`TypeMappingError\` naming the column and type.

The replica extract lands: integers up to 32 bits and floats as JS numbers; BIGINT and DECIMAL as
their exact text; dates, timestamps (UTC, timestamptz with its offset) and times as ISO text;
PostgreSQL intervals as ISO 8601 (\`SET intervalstyle = 'iso_8601'\`); JSON as its text; bytes and
MySQL BIT as BLOB; PostgreSQL arrays as PostgreSQL's array text.

Object identifier columns (\`oid\`, \`regclass\` and the other reg* types) are "N/A" in AWS's table:
the export writes no value for them, and the plan refuses them with the advice to \`drop\` the
column, which is then never read on either path.
`;

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

function sourceType(row: TypeMappingRow): string {
  const options = row.options?.oversizeDecimal
    ? ` (mapped with \`oversizeDecimal: '${row.options.oversizeDecimal}'\`, as the transform does before a \`cast\`)`
    : row.options?.unboundedNumeric
      ? ` (with the source's \`unboundedNumeric: ${row.options.unboundedNumeric}\`)`
      : '';
  return `${code(row.sourceType)}${options}`;
}

function table(rows: readonly TypeMappingRow[]): string {
  const header = [
    '| Source type | RDS export writes | Note on the export | Curated Parquet | Athena | DuckDB | From export (column `c`) | From replica (column `c`) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const lines = rows.map((row) =>
    [
      sourceType(row),
      cell(row.rdsExport),
      cell(row.rdsExportNote),
      cell(row.curatedParquet),
      code(row.athenaType),
      code(row.duckdbType),
      code(row.fromExportSql),
      code(row.fromReplicaSql),
    ].join(' | '),
  );
  return [...header, ...lines.map((line) => `| ${line} |`)].join('\n');
}

/**
 * The type mapping as Markdown: the rules, then one table per engine. The content of
 * docs/type-mapping.md.
 *
 * @param rows the rows to print, {@link TYPE_MAPPING_ROWS} unless given
 * @example
 * ```ts
 * writeFileSync('docs/type-mapping.md', typeMappingMarkdown());
 * ```
 */
export function typeMappingMarkdown(rows: readonly TypeMappingRow[] = TYPE_MAPPING_ROWS): string {
  return [INTRO, typeMappingTables(rows, '##'), ''].join('\n');
}

/**
 * Only the per-engine tables of {@link typeMappingMarkdown}, under headings of `level`:
 * the block the README embeds.
 */
export function typeMappingTables(
  rows: readonly TypeMappingRow[] = TYPE_MAPPING_ROWS,
  level = '####',
): string {
  return [
    `${level} MySQL and MariaDB\n`,
    table(rows.filter((row) => row.engine === 'mysql')),
    `\n${level} PostgreSQL\n`,
    table(rows.filter((row) => row.engine === 'postgres')),
  ].join('\n');
}
