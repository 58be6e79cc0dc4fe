import { isWidening } from '../../../lib/core/commit';

describe('isWidening', () => {
  it.each([
    ['tinyint', 'smallint'],
    ['tinyint', 'bigint'],
    ['smallint', 'int'],
    ['int', 'bigint'],
    ['INTEGER', 'bigint'],
    ['tinyint', 'decimal(3,0)'],
    ['int', 'decimal(10,0)'],
    ['bigint', 'decimal(20,0)'],
    ['bigint', 'decimal(21,2)'],
    ['float', 'double'],
    ['decimal(10,2)', 'decimal(12,2)'],
    ['decimal(10,2)', 'decimal(12,4)'],
    ['decimal(10,2)', 'decimal(38,10)'],
    ['decimal(10)', 'decimal(11,1)'],
    ['varchar(10)', 'string'],
    ['char(3)', 'string'],
    ['varchar(10)', 'varchar(20)'],
    ['char(3)', 'varchar(3)'],
    ['array<int>', 'array<bigint>'],
    ['map<string,float>', 'map<string,double>'],
    ['struct<a:int,b:string>', 'struct<a:bigint,b:string>'],
    ['struct<a:int>', 'struct<a:int,b:string>'],
    ['array<struct<a:int>>', 'array<struct<a:int,b:date>>'],
  ])('%s → %s widens', (from, to) => {
    // Act / Assert
    expect(isWidening(from, to)).toBe(true);
  });

  it.each([
    ['int', 'int'],
    ['decimal(10,2)', 'DECIMAL(10, 2)'],
    ['decimal(10)', 'decimal(10,0)'],
    ['bigint', 'int'],
    ['smallint', 'tinyint'],
    ['double', 'float'],
    ['int', 'double'],
    ['bigint', 'decimal(18,0)'],
    ['int', 'decimal(10,1)'],
    ['decimal(10,2)', 'decimal(10,4)'],
    ['decimal(10,2)', 'decimal(12,1)'],
    ['decimal(12,2)', 'decimal(10,2)'],
    ['decimal(10,2)', 'double'],
    ['string', 'varchar(10)'],
    ['varchar(20)', 'varchar(10)'],
    ['string', 'int'],
    ['int', 'string'],
    ['date', 'timestamp'],
    ['timestamp', 'date'],
    ['boolean', 'tinyint'],
    ['binary', 'string'],
    ['array<bigint>', 'array<int>'],
    ['map<int,string>', 'map<bigint,string>'],
    ['struct<a:int,b:string>', 'struct<b:string,a:int>'],
    ['struct<a:int,b:string>', 'struct<a:int>'],
    ['array<int>', 'int'],
  ])('%s → %s does not widen', (from, to) => {
    // Act / Assert
    expect(isWidening(from, to)).toBe(false);
  });
});
