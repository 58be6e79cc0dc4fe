import { SOURCE_COLUMNS_SQL, sourceColumnFromRow } from '../../../lib/core/types';

describe('sourceColumnFromRow', () => {
  it('reads a PostgreSQL row whose values arrive as text, enum flag included', () => {
    // Act
    const column = sourceColumnFromRow('postgres', {
      name: 'status',
      dataType: 'payment_status',
      columnType: 'payment_status',
      numericPrecision: null,
      numericScale: null,
      datetimePrecision: null,
      charMaxLength: null,
      isEnum: 't',
    });

    // Assert
    expect(column).toEqual({
      name: 'status',
      type: {
        engine: 'postgres',
        column: 'status',
        dataType: 'payment_status',
        columnType: 'payment_status',
        numericPrecision: null,
        numericScale: null,
        datetimePrecision: null,
        userDefinedEnum: true,
      },
      charMaxLength: null,
    });
  });

  it('reads a MySQL row whose numbers arrive as numbers, with no enum flag', () => {
    // Act
    const column = sourceColumnFromRow('mysql', {
      name: 'price',
      dataType: 'decimal',
      columnType: 'decimal(20,4) unsigned',
      numericPrecision: 20,
      numericScale: '4',
      datetimePrecision: null,
      charMaxLength: null,
    });

    // Assert
    expect(column.type).toEqual({
      engine: 'mysql',
      column: 'price',
      dataType: 'decimal',
      columnType: 'decimal(20,4) unsigned',
      numericPrecision: 20,
      numericScale: 4,
      datetimePrecision: null,
    });
    expect(column.type).not.toHaveProperty('userDefinedEnum');
  });

  it('quotes the PostgreSQL aliases, which would otherwise fold to lower case', () => {
    // Act / Assert
    expect(SOURCE_COLUMNS_SQL.postgres).toContain('AS "dataType"');
    expect(SOURCE_COLUMNS_SQL.postgres).toContain('AS "isEnum"');
  });
});
