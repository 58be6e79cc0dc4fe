import { buildTransformSql, readerHashesColumn } from '../../../lib/core/transform';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const STRING = { athenaType: 'string', duckdbType: 'VARCHAR' };
const HASH = { mask: { kind: 'hash' } } as const;

describe('readerHashesColumn', () => {
  it.each([
    ['mysql', 'varchar', 'varchar(255)'],
    ['mysql', 'text', 'text'],
    ['mysql', 'char', 'char(2)'],
    ['mysql', 'enum', "enum('a','b')"],
    ['mysql', 'json', 'json'],
    ['postgres', 'text', 'text'],
    ['postgres', 'character varying', 'character varying(80)'],
    ['postgres', 'uuid', 'uuid'],
    ['postgres', 'jsonb', 'jsonb'],
  ] as const)(
    'lets the reader hash a %s %s column: the mask hashes the landed text',
    (engine, dataType, columnType) => {
      // Arrange
      const column = plannedColumn('email', { engine, dataType, columnType }, STRING, HASH);

      // Act / Assert
      expect(readerHashesColumn(column)).toBe(true);
    },
  );

  it.each([
    ['no mask', plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(9)' }, STRING)],
    [
      'a truncate mask',
      plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(9)' }, STRING, {
        mask: { kind: 'truncate', length: 2 },
      }),
    ],
    [
      'a cast before the mask',
      plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(9)' }, STRING, {
        ...HASH,
        cast: 'string',
      }),
    ],
    [
      'a TIME, whose text the transform checks first',
      plannedColumn('at', { dataType: 'time', columnType: 'time(6)' }, STRING, HASH),
    ],
    [
      'a number, hashed as DuckDB prints it',
      plannedColumn('n', { dataType: 'int', columnType: 'int(11)' }, STRING, HASH),
    ],
    [
      'a date, hashed as DuckDB prints it',
      plannedColumn('d', { dataType: 'date', columnType: 'date' }, STRING, HASH),
    ],
    [
      'bytes, landed as hex',
      plannedColumn('b', { dataType: 'varbinary', columnType: 'varbinary(8)' }, STRING, HASH),
    ],
  ])('leaves the hash to DuckDB for %s', (_case, column) => {
    // Act / Assert
    expect(readerHashesColumn(column)).toBe(false);
  });
});

describe('the transform of a column the reader hashed', () => {
  const email = plannedColumn('email', { dataType: 'varchar', columnType: 'varchar(255)' }, STRING, HASH);

  it("takes the landed value as it is from the reader's landing: no second HMAC", () => {
    // Act
    const { sql } = buildTransformSql(tablePlan([email]), {
      relation: 'landed',
      path: 'replica',
      readerHashed: true,
    });

    // Assert
    expect(sql).toBe('SELECT "c0" AS "email" FROM (SELECT "email" AS "c0" FROM landed) AS curated');
  });

  it.each([
    ['the export path, whose Parquet holds the raw text', { path: 'export' }],
    ['a replica-path relation the reader did not land (DMS change files)', { path: 'replica' }],
  ] as const)('still hashes in DuckDB on %s', (_case, input) => {
    // Act
    const { sql } = buildTransformSql(tablePlan([email]), { relation: 'landed', ...input });

    // Assert
    expect(sql).toContain('sha256(');
  });
});
