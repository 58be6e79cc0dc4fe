import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceConfig, TableConfig } from '../../lib/config';
import { quoteSourceIdentifier } from '../../lib/core/extract';
import { quoteIdentifier } from '../../lib/core/transform';
import { athenaTypeToDuckdb, mapSourceType, type SourceColumnType } from '../../lib/core/types';
import { openDuckdb, queryRows, withConnection } from '../../lib/duckdb';
import { mysqlSourceReader, postgresSourceReader } from '../../lib/local/simulatedExport';
import { mariadbQuery, mariadbUrl, postgresQuery, postgresUrl } from '../../test/helpers/databases';
import { EXACT_COLUMNS, type ExactKind } from './exactColumns';

/** One check of one curated table against its source. */
export interface CheckResult {
  readonly table: string;
  readonly check: 'rows' | 'values' | 'dropped' | 'masked' | 'types';
  readonly ok: boolean;
  readonly detail: string;
}

/** What {@link verifyCuratedRun} compares. */
export interface VerifyCuratedRunOptions {
  /** The source, from the fixture lake config; its tables are on the test servers. */
  readonly source: SourceConfig;
  /** The directory standing for the curated bucket (`<dir>/<source>/<table>/…/run=<id>/`). */
  readonly curatedDir: string;
  readonly runId: string;
}

type Dialect = 'mysql' | 'postgres' | 'duckdb';
const SEPARATOR = '\u001f';
const NULL_TEXT = '<NULL>';
/** Raw values shorter than this are not searched for in the output bytes (see maskedCheck). */
const MIN_SEARCHED_LENGTH = 5;

/** Athena, DuckDB and PostgreSQL all quote identifiers with double quotes. */
function quote(dialect: Dialect, name: string): string {
  return dialect === 'duckdb' ? quoteIdentifier(name) : quoteSourceIdentifier(dialect, name);
}

/** The column as text written the same way by the source and by DuckDB. */
function canonical(dialect: Dialect, kind: ExactKind, column: string): string {
  const c = quote(dialect, column);
  const text = {
    mysql: {
      text: `CAST(${c} AS CHAR)`,
      timestamp: `DATE_FORMAT(${c}, '%Y-%m-%d %H:%i:%s.%f')`,
      date: `DATE_FORMAT(${c}, '%Y-%m-%d')`,
    },
    postgres: {
      text: `${c}::text`,
      timestamp: `to_char(${c}, 'YYYY-MM-DD HH24:MI:SS.US')`,
      date: `to_char(${c}, 'YYYY-MM-DD')`,
    },
    duckdb: {
      text: `CAST(${c} AS VARCHAR)`,
      timestamp: `strftime(CAST(${c} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f')`,
      date: `CAST(${c} AS VARCHAR)`,
    },
  }[dialect][kind];
  return `COALESCE(${text}, '${NULL_TEXT}')`;
}

async function sourceRows(source: SourceConfig, sql: string): Promise<Record<string, unknown>[]> {
  return source.engine === 'mysql' ? mariadbQuery(sql) : postgresQuery(sql);
}

function sourceTable(source: SourceConfig, table: TableConfig): string {
  const dialect: Dialect = source.engine;
  return source.engine === 'mysql'
    ? quote(dialect, table.name)
    : `${quote(dialect, table.schema)}.${quote(dialect, table.name)}`;
}

async function sourceColumnTypes(
  source: SourceConfig,
  table: TableConfig,
): Promise<Map<string, SourceColumnType>> {
  const reader =
    source.engine === 'mysql'
      ? await mysqlSourceReader(mariadbUrl())
      : await postgresSourceReader(postgresUrl());
  try {
    const columns = await reader.columns(table.schema, table.name);
    return new Map(columns.map((column) => [column.name, column.type]));
  } finally {
    await reader.close();
  }
}

type ColumnRule = TableConfig['columns'][string];
/** A rule that keeps its column: masks, renames, casts. */
type KeptRule = Exclude<ColumnRule, { readonly drop: true }>;

function isKept(rule: ColumnRule): rule is KeptRule {
  return !rule.drop;
}

/** The table's rules that keep their column, by source column name. */
function keptRules(table: TableConfig): [string, KeptRule][] {
  return Object.entries(table.columns).flatMap(([name, rule]) => (isKept(rule) ? [[name, rule]] : []));
}

function outputName(table: TableConfig, column: string): string {
  const rule = table.columns[column];
  return (rule !== undefined && isKept(rule) ? rule.rename : undefined) ?? column;
}

/**
 * Checks one run of a source's curated tables against the source database, table by table:
 * - rows: the curated row count equals the source's;
 * - values: the fixture's exact columns (see `EXACT_COLUMNS`) equal the source's, row by row;
 * - dropped: dropped columns are absent, renamed ones present under their new name only;
 * - masked: every value of a masked column is masked as configured (hash: 64 hex digits, redact:
 *   NULL or the token, truncate: at most N characters), and no raw value of 5 characters or more
 *   is in any byte of the run's files (Parquet statistics included) or inside any curated value;
 * - types: each column has the type mapping's DuckDB type (or its `cast`), and the Parquet
 *   schema has no INT96, only microsecond timestamps and decimals with precision and scale.
 *
 * @example
 * ```ts
 * const failed = (await verifyCuratedRun({ source, curatedDir, runId })).filter((check) => !check.ok);
 * ```
 */
export async function verifyCuratedRun(options: VerifyCuratedRunOptions): Promise<CheckResult[]> {
  const { source } = options;
  const duckdb = await openDuckdb({ threads: 1 });
  try {
    return await withConnection(duckdb, async (connection) => {
      const results: CheckResult[] = [];
      for (const table of source.tables.filter((t) => t.mode === 'snapshot-export')) {
        results.push(...(await verifyTable(connection, options, table)));
      }
      return results;
    });
  } finally {
    duckdb.closeSync();
  }
}

async function verifyTable(
  connection: DuckDBConnection,
  options: VerifyCuratedRunOptions,
  table: TableConfig,
): Promise<CheckResult[]> {
  const { source } = options;
  const glob = join(options.curatedDir, source.name, table.name, '**', `run=${options.runId}`, '*.parquet');
  const curated = `read_parquet('${glob.replaceAll("'", "''")}', hive_partitioning = false)`;
  const result = (check: CheckResult['check'], ok: boolean, detail: string): CheckResult => ({
    table: table.name,
    check,
    ok,
    detail,
  });
  const results: CheckResult[] = [];

  const [sourceCount] = await sourceRows(source, `SELECT COUNT(*) AS n FROM ${sourceTable(source, table)}`);
  const [curatedCount] = await queryRows(connection, `SELECT count(*)::VARCHAR AS n FROM ${curated}`);
  const expectedRows = String(sourceCount?.n);
  results.push(
    result(
      'rows',
      String(curatedCount?.n) === expectedRows,
      `${curatedCount?.n} curated, ${expectedRows} in the source`,
    ),
  );

  const exact = EXACT_COLUMNS[source.name]?.[table.name];
  if (exact !== undefined) {
    const list = (dialect: Dialect, output: boolean) =>
      exact.columns
        .map((column) =>
          canonical(
            dialect,
            column.kind ?? 'text',
            output ? (column.output ?? column.source) : column.source,
          ),
        )
        .join(', ');
    const fromSource = await sourceRows(
      source,
      `SELECT concat_ws(${source.engine === 'mysql' ? 'CHAR(31)' : 'chr(31)'}, ${list(source.engine, false)}) AS r FROM ${sourceTable(source, table)}`,
    );
    const fromCurated = await queryRows(
      connection,
      `SELECT concat_ws(chr(31), ${list('duckdb', true)}) AS r FROM ${curated}`,
    );
    const sorted = (rows: readonly Record<string, unknown>[]) => rows.map((row) => String(row.r)).sort();
    const want = sorted(fromSource);
    const got = new Set(sorted(fromCurated));
    const missing = want.filter((row) => !got.has(row));
    results.push(
      result(
        'values',
        missing.length === 0 && want.length === got.size,
        missing.length === 0
          ? `${exact.columns.length} columns × ${want.length} rows equal`
          : `${missing.length} source rows differ, e.g. ${missing[0]?.replaceAll(SEPARATOR, ' | ')}`,
      ),
    );
  }

  const described = await queryRows(connection, `DESCRIBE SELECT * FROM ${curated}`);
  const curatedTypes = new Map(described.map((row) => [String(row.column_name), String(row.column_type)]));
  const rules = Object.entries(table.columns);
  const dropped = rules.filter(([, rule]) => rule.drop).map(([name]) => name);
  const renamed = keptRules(table).filter(([, rule]) => rule.rename !== undefined);
  const present = [...dropped, ...renamed.map(([name]) => name)].filter((name) => curatedTypes.has(name));
  const missingRenames = renamed.filter(([, rule]) => !curatedTypes.has(rule.rename ?? ''));
  results.push(
    result(
      'dropped',
      present.length === 0 && missingRenames.length === 0,
      present.length === 0 && missingRenames.length === 0
        ? `absent: ${dropped.join(', ') || '(none dropped)'}; renamed: ${renamed.map(([n, r]) => `${n}→${r.rename}`).join(', ') || '(none)'}`
        : `present but should not be: ${present.join(', ')}; renames missing: ${missingRenames.map(([n]) => n).join(', ')}`,
    ),
  );

  results.push(await maskedCheck(connection, options, table, curated, glob));
  results.push(await typesCheck(connection, options, table, curatedTypes, glob));
  return results;
}

async function maskedCheck(
  connection: DuckDBConnection,
  options: VerifyCuratedRunOptions,
  table: TableConfig,
  curated: string,
  glob: string,
): Promise<CheckResult> {
  const { source } = options;
  const masked = keptRules(table).filter(([, rule]) => rule.mask !== undefined);
  const raw: string[] = [];
  for (const [name, rule] of masked) {
    const kept = rule.mask === 'truncate' ? (rule.length ?? 0) : 0;
    const rows = await sourceRows(
      source,
      `SELECT DISTINCT ${canonical(source.engine, 'text', name)} AS v FROM ${sourceTable(source, table)}`,
    );
    // A value no longer than what truncate keeps is legitimately whole in the output; very
    // short values (card_last4 "0000") also occur inside other values and are checked below.
    raw.push(
      ...rows
        .map((row) => String(row.v))
        .filter((v) => v !== NULL_TEXT && [...v].length > kept && [...v].length >= MIN_SEARCHED_LENGTH),
    );
  }
  const badColumns: string[] = [];
  for (const [name, rule] of masked) {
    const output = quote('duckdb', outputName(table, name));
    const wrong =
      rule.mask === 'hash'
        ? `${output} IS NOT NULL AND NOT regexp_full_match(${output}, '[0-9a-f]{64}')`
        : rule.mask === 'redact'
          ? `${output} IS NOT NULL AND ${output} <> '${(rule.token ?? '').replaceAll("'", "''")}'`
          : `length(${output}) > ${rule.length ?? 0}`;
    const [row] = await queryRows(connection, `SELECT count(*)::INTEGER AS n FROM ${curated} WHERE ${wrong}`);
    if (Number(row?.n) > 0) badColumns.push(`${name}: ${row?.n} values not ${rule.mask}ed`);
  }
  const files = (await queryRows(connection, `SELECT file FROM glob('${glob.replaceAll("'", "''")}')`)).map(
    (row) => String(row.file),
  );
  const bytes = await Promise.all(files.map((file) => readFile(file)));
  const values = (await queryRows(connection, `SELECT * FROM ${curated}`)).map((row) => JSON.stringify(row));
  const leaked = raw.filter(
    (value) =>
      bytes.some((content) => content.includes(Buffer.from(value, 'utf8'))) ||
      values.some((row) => row.includes(JSON.stringify(value).slice(1, -1))),
  );
  const ok = leaked.length === 0 && badColumns.length === 0;
  return {
    table: table.name,
    check: 'masked',
    ok,
    detail: ok
      ? masked.length === 0
        ? 'no masked column'
        : `${masked.map(([n, r]) => `${n} (${r.mask})`).join(', ')}: every value masked, ${raw.length} raw values in none of ${files.length} files`
      : [
          ...badColumns,
          ...(leaked.length > 0 ? [`raw values in the output: ${leaked.slice(0, 3).join(', ')}`] : []),
        ].join('; '),
  };
}

async function typesCheck(
  connection: DuckDBConnection,
  options: VerifyCuratedRunOptions,
  table: TableConfig,
  curatedTypes: ReadonlyMap<string, string>,
  glob: string,
): Promise<CheckResult> {
  const sourceTypes = await sourceColumnTypes(options.source, table);
  const wrong: string[] = [];
  for (const [name, type] of sourceTypes) {
    const rule = table.columns[name];
    if (rule?.drop) continue;
    const expected =
      rule?.cast === undefined ? mapSourceType(type).duckdbType : athenaTypeToDuckdb(rule.cast);
    const actual = curatedTypes.get(outputName(table, name));
    if (actual !== expected) wrong.push(`${name}: ${actual ?? 'missing'}, expected ${expected}`);
  }
  const schema = await queryRows(
    connection,
    `SELECT name, type, converted_type, logical_type, precision FROM parquet_schema('${glob.replaceAll("'", "''")}')`,
  );
  for (const column of schema) {
    const logical = String(column.logical_type ?? '');
    if (column.type === 'INT96') wrong.push(`${column.name}: INT96`);
    if (logical.startsWith('TimestampType') && !logical.includes('MICROS=MicroSeconds()'))
      wrong.push(`${column.name}: timestamp not in microseconds (${logical})`);
    if (column.converted_type === 'DECIMAL' && column.precision === null)
      wrong.push(`${column.name}: decimal without precision`);
  }
  return {
    table: table.name,
    check: 'types',
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `${curatedTypes.size} columns as the type mapping says; no INT96, timestamps in micros, decimals with precision`
        : wrong.join('; '),
  };
}
