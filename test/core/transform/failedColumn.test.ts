import { failedColumn, redactDuckdbError } from '../../../lib/core/transform';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const text = { athenaType: 'string', duckdbType: 'VARCHAR' };
const plan = tablePlan([
  plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }),
  plannedColumn('created', { dataType: 'datetime' }, { athenaType: 'timestamp', duckdbType: 'TIMESTAMP' }),
  plannedColumn('note', { dataType: 'text' }, text),
]);

describe('failedColumn', () => {
  it('finds the plan column behind the transform’s positional alias', () => {
    expect(
      failedColumn(
        'Conversion Error: timestamp field value out of range: "0000-00-00 00:00:00" when casting from source column c1',
        plan,
      ),
    ).toBe(1);
  });

  it('finds a column DuckDB names by its source name, and the column of one of the lake’s own checks', () => {
    expect(
      failedColumn(
        "Conversion Error: Could not convert string 'x9' to INT32 when casting from source column note",
        plan,
      ),
    ).toBe(2);
    expect(failedColumn('Invalid Input Error: expected hex bytea \\x… in "note", got: zz', plan)).toBe(2);
  });

  it('finds nothing in an error that names no column of the plan', () => {
    expect(failedColumn('Out of Memory Error: could not allocate block', plan)).toBeUndefined();
    expect(failedColumn('Conversion Error: x when casting from source column c9', plan)).toBeUndefined();
  });
});

describe('redactDuckdbError on a table without rule-bound columns', () => {
  it('names the source column instead of the alias and drops DuckDB’s excerpt of the transform’s SQL', () => {
    // Arrange
    const message =
      'Conversion Error: timestamp field value out of range: "0000-00-00" when casting from source column c1\n\nLINE 1: SELECT "c0" AS "id", "c1" AS "created" FROM (...\n                 ^';

    // Act
    const redacted = redactDuckdbError(message, plan);

    // Assert
    expect(redacted).toBe(
      'Conversion Error: timestamp field value out of range: "0000-00-00" when casting from source column created\n',
    );
  });
});
