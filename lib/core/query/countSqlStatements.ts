/** Where the scanner is: in code, or inside a literal, a quoted name or a comment. */
type ScanState = 'code' | 'string' | 'quoted' | 'backticked' | 'lineComment' | 'blockComment';

/** The quote character that opens (and closes) each quoted state. */
const QUOTES: Readonly<Record<string, ScanState>> = { "'": 'string', '"': 'quoted', '`': 'backticked' };
const CLOSING: Readonly<Partial<Record<ScanState, string>>> = { string: "'", quoted: '"', backticked: '`' };

/**
 * How many statements `sql` holds, by Athena's (Trino's) lexical rules: a `;` ends a statement
 * only outside a string literal (`'…'`, `''` inside is a quote), a quoted name (`"…"` or Hive's
 * `` `…` ``), a `--` line comment or a `/* … *\/` block comment (not nested in Trino). A piece
 * with nothing but whitespace and comments is not a statement, so a trailing `;` adds none.
 * An unclosed literal or comment runs to the end; the engine reports it.
 *
 * @example
 * ```ts
 * countSqlStatements("SELECT 'a;b' -- c;\n"); // 1
 * countSqlStatements('SELECT 1; SELECT 2;'); // 2
 * countSqlStatements('-- nothing;'); // 0
 * ```
 */
export function countSqlStatements(sql: string): number {
  let state: ScanState = 'code';
  let statements = 0;
  let pieceHasCode = false;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (state === 'lineComment') {
      if (char === '\n') state = 'code';
    } else if (state === 'blockComment') {
      if (char === '*' && next === '/') {
        state = 'code';
        i++;
      }
    } else if (state !== 'code') {
      if (char === CLOSING[state]) {
        // A doubled quote is the quote itself, inside the literal or name.
        if (next === char) i++;
        else state = 'code';
      }
    } else if (char === '-' && next === '-') {
      state = 'lineComment';
      i++;
    } else if (char === '/' && next === '*') {
      state = 'blockComment';
      i++;
    } else if (char === ';') {
      if (pieceHasCode) statements++;
      pieceHasCode = false;
    } else if (!/\s/.test(char)) {
      pieceHasCode = true;
      state = QUOTES[char] ?? 'code';
    }
  }
  return pieceHasCode ? statements + 1 : statements;
}
