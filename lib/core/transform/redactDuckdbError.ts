import type { TablePlan } from '../pipeline';

/** What of a plan tells which values DuckDB's errors must not carry. */
export type RedactionPlan = Pick<TablePlan, 'columns' | 'dropped' | 'excludedNewColumns'>;

/** Longest value of a column without a rule that an error keeps, in characters. */
const SHOWN_VALUE_CHARS = 40;
/** Longest line of a message kept when the table has no rule-bound column. */
const SHOWN_LINE_CHARS = 200;

/** DuckDB's error class, e.g. `Conversion Error`, `Invalid Input Error`. */
export const ERROR_CLASS = /^(?:Error: )?([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)* Error): /;

/** A check the transform's SQL raises itself (`duckdbSql.checked`, the replica landing): `expected … in "column", got: value`. */
export const OWN_CHECK = /^expected (.*?) in "((?:[^"]|"")+)", got: /s;

/** DuckDB's CSV reader: the line number, then the whole line (`Original Line: …`), then the reason. */
const CSV_ERROR = /^CSV Error on Line: (\d+)/;
const CSV_REASONS: readonly [RegExp, (match: RegExpMatchArray) => string][] = [
  [
    /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/g,
    (match) => `a line of ${match[2]} bytes is longer than the reader's ${match[1]}`,
  ],
  [
    /Expected Number of Columns: (\d+) Found: (\d+)/g,
    (match) => `${match[2]} fields where ${match[1]} were expected`,
  ],
  [/Value with unterminated quote found/g, () => 'a value with an unterminated quote'],
  [/Invalid unicode \(byte sequence mismatch\) detected/g, () => 'bytes that are not UTF-8'],
];

/** DuckDB's conversion failures quote the value; these say what it was converted to. */
const CONVERSION =
  /^(?:Could not convert string |Type \S+ with value |invalid (?:date|time|timestamp)\S* field format|Could not parse string |Could not cast value |Unimplemented type for cast)/;
/** A DuckDB type a conversion names: only these are repeated, never other text of the message. */
export const DUCKDB_TYPE =
  /(?:to|destination type) '?((?:BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U?INT(?:8|16|32|64|128)|FLOAT|DOUBLE|DECIMAL\(\d+,\s?\d+\)|DATE|TIME|TIMESTAMP(?: WITH TIME ZONE)?|TIMESTAMP_[A-Z]+|INTERVAL|UUID|BLOB|VARCHAR|JSON)(?:\[\])*)'?/;
export const SOURCE_COLUMN = /when casting from source column (\w+)/;

/** DuckDB's excerpt of the failing SQL and its caret line: the transform's own text, with positional aliases (`c22`). */
const SQL_EXCERPT = /^(?:LINE \d+: |\s*\^\s*$)/;

/** Errors that carry no row's value: kept as DuckDB wrote their first line. */
const VALUE_FREE = /^(?:Out of Memory Error|IO Error|Interrupt Error|Permission Error): /;

/**
 * DuckDB's error text as a transform or extract may report it: without any source value of a
 * masked, dropped or excluded column. DuckDB quotes values in many messages (`Could not convert
 * string 'x'`, `with value '…'`, the CSV reader's `Original Line: "1","alice@…"`, the line under a
 * strptime error), so for a table with such columns only what is known to be safe is kept: the
 * error class, the CSV line number and reason, the target type, the column (only when it is
 * one of the plan's, `cN` meaning the plan's n-th column), and the transform's own checks with
 * the value of a rule-bound column withheld. Anything else becomes a withheld notice. A table
 * with no such column keeps the message, each line shortened.
 *
 * @example
 * ```ts
 * redactDuckdbError("Conversion Error: Could not convert string 'alice@example.com' to INT32", plan);
 * // 'Conversion Error: a value does not convert to INT32 (DuckDB's text is withheld: …)'
 * ```
 */
export function redactDuckdbError(message: string, plan: RedactionPlan): string {
  const bound = ruleBoundColumns(plan);
  if (bound.length === 0)
    return message
      .replace(
        SOURCE_COLUMN,
        (_, name: string) => `when casting from source column ${planColumn(name, plan) ?? name}`,
      )
      .split('\n')
      .filter((line) => !SQL_EXCERPT.test(line))
      .map((line) => shorten(line))
      .join('\n');

  const errorClass = ERROR_CLASS.exec(message);
  const prefix = errorClass === null ? '' : `${errorClass[1]}: `;
  const body = errorClass === null ? message : message.slice(errorClass[0].length);
  const withheld = `DuckDB's text is withheld: it may quote a value of the masked or left-out column(s) ${bound.join(', ')}`;

  if (VALUE_FREE.test(message)) return shorten(message.split('\n')[0] ?? '');
  const check = OWN_CHECK.exec(body);
  if (check !== null) {
    const column = check[2]?.replaceAll('""', '"') ?? '';
    const value = body.slice(check[0].length);
    const shown = isShowable(column, plan, bound)
      ? shorten(value, SHOWN_VALUE_CHARS)
      : '(withheld: rule-bound column)';
    return `${prefix}expected ${check[1]} in "${column}", got: ${shown}`;
  }
  const csv = CSV_ERROR.exec(body);
  if (csv !== null) {
    const reason = lastCsvReason(body);
    return `${prefix}CSV Error on Line: ${csv[1]}${reason === undefined ? '' : `: ${reason}`} (the line is withheld: it may hold values of the masked column(s) ${bound.join(', ')})`;
  }
  if (CONVERSION.test(body)) {
    const type = DUCKDB_TYPE.exec(body)?.[1];
    const column = planColumn(SOURCE_COLUMN.exec(body)?.[1], plan);
    const target = type === undefined ? '' : ` to ${type}`;
    const where = column === undefined ? '' : ` in column ${column}`;
    return `${prefix}a value${where} does not convert${target} (${withheld})`;
  }
  return `${prefix}${withheld}`;
}

/** Source names of the columns whose values no error may carry: masked, dropped, excluded. */
function ruleBoundColumns(plan: RedactionPlan): string[] {
  const masked = plan.columns.filter((column) => column.mask !== undefined).map((column) => column.source);
  return [...new Set([...masked, ...plan.dropped, ...plan.excludedNewColumns])];
}

/** A column whose values an error may show: one of the plan's, with no rule on it. */
function isShowable(column: string, plan: RedactionPlan, bound: readonly string[]): boolean {
  return !bound.includes(column) && plan.columns.some((planned) => planned.source === column);
}

/** The plan's source name for a column DuckDB names (`cN`: the n-th; else a source name), if it is one. */
export function planColumn(name: string | undefined, plan: RedactionPlan): string | undefined {
  if (name === undefined) return undefined;
  const positional = /^c(\d+)$/.exec(name);
  if (positional !== null) return plan.columns[Number(positional[1])]?.source;
  return plan.columns.find((column) => column.source === name)?.source;
}

/** The CSV reader's reason, from its last match: DuckDB writes it after the line, which a value could imitate. */
function lastCsvReason(body: string): string | undefined {
  let found: { index: number; text: string } | undefined;
  for (const [pattern, describe] of CSV_REASONS) {
    for (const match of body.matchAll(pattern)) {
      if (found === undefined || (match.index ?? 0) > found.index) {
        found = { index: match.index ?? 0, text: describe(match) };
      }
    }
  }
  return found?.text;
}

/** The first `chars` code points (Korean and emoji stay whole), reading no more of a long text than needed. */
function shorten(text: string, chars = SHOWN_LINE_CHARS): string {
  if (text.length <= chars) return text;
  const codePoints = [...text.slice(0, chars * 2)];
  return codePoints.length <= chars && text.length <= chars * 2
    ? text
    : `${codePoints.slice(0, chars).join('')}…`;
}
