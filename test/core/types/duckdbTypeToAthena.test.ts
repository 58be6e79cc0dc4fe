import { TypeMappingError } from '../../../lib/core/errors';
import { athenaTypeToDuckdb, duckdbTypeToAthena } from '../../../lib/core/types';

describe('duckdbTypeToAthena', () => {
  it.each([
    ['BOOLEAN', 'boolean'],
    ['TINYINT', 'tinyint'],
    ['SMALLINT', 'smallint'],
    ['INTEGER', 'int'],
    ['BIGINT', 'bigint'],
    ['FLOAT', 'float'],
    ['DOUBLE', 'double'],
    ['DECIMAL(20,0)', 'decimal(20,0)'],
    ['DECIMAL(38, 10)', 'decimal(38,10)'],
    ['DATE', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamp'],
    ['VARCHAR', 'string'],
    ['BLOB', 'binary'],
    ['INTEGER[]', 'array<int>'],
    ['VARCHAR[][]', 'array<array<string>>'],
    ['INTEGER[3]', 'array<int>'],
    ['STRUCT(a INTEGER, b DECIMAL(10,2)[])', 'struct<a:int,b:array<decimal(10,2)>>'],
    ['STRUCT("first name" VARCHAR, "say ""hi""" VARCHAR)', 'struct<first name:string,say "hi":string>'],
    ['STRUCT(a STRUCT(b BIGINT))[]', 'array<struct<a:struct<b:bigint>>>'],
    ['MAP(VARCHAR, INTEGER[])', 'map<string,array<int>>'],
  ])('maps %s to %s', (duckdbType, athenaType) => {
    // Act
    const result = duckdbTypeToAthena(duckdbType);

    // Assert
    expect(result).toBe(athenaType);
  });

  it.each([
    ['UTINYINT', /unsigned.*SMALLINT/],
    ['USMALLINT', /unsigned.*INTEGER/],
    ['UINTEGER', /unsigned.*BIGINT/],
    ['UBIGINT', /unsigned.*DECIMAL\(20,0\)/],
    ['UHUGEINT', /unsigned/],
    ['HUGEINT', /DECIMAL\(38,0\)/],
    ['TIMESTAMP_NS', /nanoseconds/],
    ['TIMESTAMP_S', /seconds/],
    ['TIME', /no Athena type/],
    ['INTERVAL', /no Athena type/],
    ['UUID', /VARCHAR/],
    ['UBIGINT[]', /unsigned/],
    ['STRUCT(a TIMESTAMP_NS)', /nanoseconds/],
    ['DECIMAL(40,2)', /more than 38 digits/],
    ['GEOMETRY', /duckdb type "GEOMETRY" is not a type the lake registers in Glue; allowed: BOOLEAN/],
    ['MAP(VARCHAR)', /MAP\(KEY, VALUE\)/],
  ])('refuses %s', (duckdbType, message) => {
    // Act
    const act = () => duckdbTypeToAthena(duckdbType);

    // Assert
    expect(act).toThrow(TypeMappingError);
    expect(act).toThrow(message);
  });

  it.each([
    'boolean',
    'tinyint',
    'smallint',
    'int',
    'bigint',
    'float',
    'double',
    'decimal(38,10)',
    'date',
    'timestamp',
    'string',
    'binary',
    'array<array<bigint>>',
  ])('round-trips the config cast type %s through DuckDB back to Athena', (athenaType) => {
    // Act
    const result = duckdbTypeToAthena(athenaTypeToDuckdb(athenaType));

    // Assert
    expect(result).toBe(athenaType);
  });
});
