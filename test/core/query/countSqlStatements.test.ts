import { DuckDBInstance } from '@duckdb/node-api';
import { countSqlStatements } from '../../../lib/core/query';

describe('countSqlStatements', () => {
  it.each([
    ['SELECT 1', 1],
    ['SELECT 1;', 1],
    ['SELECT 1;;  ;\n', 1],
    ['select 1; select 2', 2],
    ['SELECT 1; SELECT 2; SELECT 3;', 3],
    ["SELECT ';' AS semicolon", 1],
    ["SELECT 'it''s; fine'", 1],
    ["SELECT 'a'';'; SELECT 2", 2],
    ['SELECT 1 AS "a;b"', 1],
    ['SELECT 1 AS "a"";b"', 1],
    ['SELECT `a;b` FROM t', 1],
    ['SELECT 1 -- a; comment\n', 1],
    ['SELECT 1 -- a; comment\n; SELECT 2', 2],
    ['SELECT 1 /* a; b */', 1],
    ['SELECT 1 /* a; b */; SELECT 2', 2],
    ['SELECT 1 /* /* not nested in Trino */; SELECT 2', 2],
    ['SELECT 1 - -2; SELECT 3', 2],
    ['SELECT 4/2; SELECT 3', 2],
    ['', 0],
    ['  ;  ', 0],
    ['-- only a comment; still a comment', 0],
    ['/* only */ ; -- comments\n;', 0],
    ["SELECT 'unclosed; SELECT 2", 1],
    ['SELECT 1 /* unclosed; SELECT 2', 1],
  ])('%j holds %i statements', (sql, expected) => {
    // Act
    const count = countSqlStatements(sql);

    // Assert
    expect(count).toBe(expected);
  });

  it('agrees with DuckDB’s own parser (extractStatements) on SQL both dialects read alike', async () => {
    // Arrange: no backticks, nested comments or E'' strings, which the two dialects read apart
    const cases = [
      'select 1; select 2',
      'SELECT 1;',
      "SELECT ';' AS s; SELECT 'it''s'",
      'SELECT 1 AS "a;b"',
      'SELECT 1 -- x; y\n; SELECT 2 /* ; */; SELECT 3',
      "SELECT count(*) FROM range(3) WHERE 'x' <> 'x;'",
    ];
    const duckdb = await DuckDBInstance.create(':memory:');
    const connection = await duckdb.connect();

    // Act
    const counts: [number, number][] = [];
    for (const sql of cases)
      counts.push([countSqlStatements(sql), (await connection.extractStatements(sql)).count]);
    connection.closeSync();
    duckdb.closeSync();

    // Assert
    expect(counts).toEqual([
      [2, 2],
      [1, 1],
      [2, 2],
      [1, 1],
      [3, 3],
      [1, 1],
    ]);
  });
});
