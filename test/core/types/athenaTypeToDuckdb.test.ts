import { TypeMappingError } from '../../../lib/core/errors';
import { athenaTypeToDuckdb } from '../../../lib/core/types';

describe('athenaTypeToDuckdb', () => {
  it.each([
    ['boolean', 'BOOLEAN'],
    ['tinyint', 'TINYINT'],
    ['smallint', 'SMALLINT'],
    ['int', 'INTEGER'],
    ['integer', 'INTEGER'],
    ['bigint', 'BIGINT'],
    ['float', 'FLOAT'],
    ['real', 'FLOAT'],
    ['double', 'DOUBLE'],
    ['decimal(38,10)', 'DECIMAL(38,10)'],
    ['DECIMAL( 20 , 0 )', 'DECIMAL(20,0)'],
    ['date', 'DATE'],
    ['timestamp', 'TIMESTAMP'],
    ['string', 'VARCHAR'],
    ['varchar(64)', 'VARCHAR'],
    ['char(2)', 'VARCHAR'],
    ['binary', 'BLOB'],
    ['array<int>', 'INTEGER[]'],
    ['array<array<decimal(10,2)>>', 'DECIMAL(10,2)[][]'],
  ])('maps %s to %s', (athenaType, duckdbType) => {
    // Act
    const result = athenaTypeToDuckdb(athenaType);

    // Assert
    expect(result).toBe(duckdbType);
  });

  it.each([
    ['decimal(39,0)', /1 ≤ p ≤ 38/],
    ['decimal(5,6)', /0 ≤ s ≤ p/],
    ['decimal(0,0)', /out of range/],
    ['decimal', /allowed: boolean/],
    ['timestamp(9)', /allowed: boolean/],
    ['uuid', /athena type "uuid" is not a type a column can be cast to/],
  ])('refuses %s', (athenaType, message) => {
    // Act
    const act = () => athenaTypeToDuckdb(athenaType);

    // Assert
    expect(act).toThrow(TypeMappingError);
    expect(act).toThrow(message);
  });

  it('carries the type and engine on the error', () => {
    // Act
    let error: unknown;
    try {
      athenaTypeToDuckdb('money');
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toMatchObject({ engine: 'athena', columnType: 'money' });
  });
});
