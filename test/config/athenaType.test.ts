import { athenaTypeProblem } from '../../lib/config/athenaType';

describe('athenaTypeProblem', () => {
  it.each([
    'bigint',
    'int',
    'double',
    'timestamp',
    'decimal(12,2)',
    'decimal(38, 0)',
    'decimal(1,1)',
    'varchar(255)',
    'char(1)',
  ])('accepts %s', (type) => {
    // Act / Assert
    expect(athenaTypeProblem(type)).toBeUndefined();
  });

  it.each([
    ['decimal(0,0)', /precision must be 1..38, received 0/],
    ['decimal(39,2)', /precision must be 1..38, received 39/],
    ['decimal(5,6)', /scale must be 0..5 \(the precision\), received 6/],
    ['varchar(0)', /varchar length must be 1..65535, received 0/],
    ['char(256)', /char length must be 1..255, received 256/],
    ['BIGINT', /received "BIGINT"; allowed Athena types/],
    ['text', /received "text"; allowed Athena types/],
    ['array<string>', /received "array<string>"/],
    ['decimal', /received "decimal"/],
  ])('refuses %s', (type, problem) => {
    // Act / Assert
    expect(athenaTypeProblem(type)).toMatch(problem);
  });
});
