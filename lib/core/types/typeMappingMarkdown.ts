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
- DECIMAL keeps its precision and scale up to 38 digits (Athena's maximum). Wider decimals, and
  PostgreSQL \`numeric\` without a precision, are a \`TypeMappingError\` unless the column has a
  config \`cast\` or the mapping runs with \`oversizeDecimal: 'string'\` (then the exact text).
- Unsigned integers widen: TINYINT UNSIGNED → smallint, SMALLINT/MEDIUMINT UNSIGNED → int,
  INT UNSIGNED → bigint, BIGINT UNSIGNED → decimal(20,0). YEAR → smallint.
- TINYINT(1)/BOOLEAN and BIT(1) → boolean; a value other than 0/1 fails instead of becoming true.
  MySQL BIT(n > 1) stays binary (the bytes, lossless for any n); PostgreSQL bit(n > 1) and
  bit varying stay their '0101' text.
- TIME → string \`HH:MM:SS[.ffffff]\` (MySQL TIME may be negative or over 24 h), INTERVAL → ISO 8601
  string (PostgreSQL's \`iso_8601\` style, e.g. \`P1Y2M3DT4H5M6.5S\`): Athena has no time type in
  Parquet tables.
- CHAR/VARCHAR/TEXT → string (no length: Parquet has none); ENUM, SET, PostgreSQL enums, JSON/JSONB
  (as JSON text), UUID, INET → string; BLOB/BYTEA → binary; PostgreSQL arrays → array<element>
  when the element is a number, boolean, uuid, text or enum, else the array text as string.
- Dates and timestamps must look like \`YYYY-MM-DD[ HH:MM:SS[.ffffff]]\`: 0001-01-01..9999-12-31
  survive; MySQL zero dates, PostgreSQL \`infinity\` and BC dates fail loudly.
- Every conversion uses CAST and explicit checks, never TRY_CAST, so a bad value fails the run
  instead of landing as NULL. Unknown types are a \`TypeMappingError\` naming the column and type.

The replica extract lands: integers up to 32 bits and floats as JS numbers; BIGINT and DECIMAL as
their exact text; dates, timestamps (UTC, timestamptz with its offset) and times as ISO text;
PostgreSQL intervals as ISO 8601 (\`SET intervalstyle = 'iso_8601'\`); JSON as its text; bytes and
MySQL BIT as BLOB; PostgreSQL arrays as PostgreSQL's array text.
`;

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

function sourceType(row: TypeMappingRow): string {
  const options = row.options?.oversizeDecimal
    ? ` (with \`oversizeDecimal: '${row.options.oversizeDecimal}'\`)`
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
