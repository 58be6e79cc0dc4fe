import type { QueryResult } from '../../lib/adapters/athena';
import { formatResult } from '../../lib/cli/formatResult';

function result(columns: [string, string][], rows: QueryResult['rows']): QueryResult {
  return { queryExecutionId: 'local', columns: columns.map(([name, type]) => ({ name, type })), rows };
}

describe('formatResult as csv', () => {
  it('writes NULL as an empty unquoted field and an empty string as ""', () => {
    // Arrange
    const nullAndEmpty = result(
      [
        ['id', 'INTEGER'],
        ['note', 'VARCHAR'],
      ],
      [
        [1, null],
        [2, ''],
        [3, 'a "quoted", text'],
      ],
    );

    // Act
    const csv = formatResult(nullAndEmpty, 'csv');

    // Assert
    expect(csv).toBe('id,note\n1,\n2,""\n3,"a ""quoted"", text"');
  });

  it('writes lists and structs as their JSON, quoted', () => {
    // Act
    const csv = formatResult(result([['tags', 'VARCHAR[]']], [[['a', 'b']], [{ x: 1 }]]), 'csv');

    // Assert
    expect(csv).toBe('tags\n"[""a"",""b""]"\n"{""x"":1}"');
  });
});

describe('formatResult as json', () => {
  it('embeds a json column’s text as JSON, verbatim, so no digit is lost', () => {
    // Act
    const json = formatResult(
      result(
        [
          ['doc', 'json'],
          ['n', 'bigint'],
        ],
        [['{"id":9007199254740993,"tags":["a"]}', '9007199254740993']],
      ),
      'json',
    );

    // Assert
    expect(json).toBe(
      '[\n  {\n    "doc": {"id":9007199254740993,"tags":["a"]},\n    "n": "9007199254740993"\n  }\n]',
    );
    expect(JSON.parse(json)).toEqual([{ doc: { id: 9007199254740992, tags: ['a'] }, n: '9007199254740993' }]);
  });

  it('gives [] for no rows', () => {
    // Act / Assert
    expect(formatResult(result([['n', 'BIGINT']], []), 'json')).toBe('[]');
  });
});

describe('formatResult as a table', () => {
  it('aligns numeric columns right by their type, even where values are exact text', () => {
    // Act
    const table = formatResult(
      result(
        [
          ['country', 'VARCHAR'],
          ['users', 'BIGINT'],
          ['tags', 'VARCHAR[]'],
        ],
        [
          ['KR', '202', ['a']],
          ['US', '68', null],
        ],
      ),
      'table',
    );

    // Assert
    expect(table.split('\n')).toEqual([
      'country │ users │ tags',
      '────────┼───────┼──────',
      'KR      │   202 │ ["a"]',
      'US      │    68 │ NULL',
    ]);
  });
});
