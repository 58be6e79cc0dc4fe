import { quoteLiteral } from '../../../lib/core/transform';

describe('quoteLiteral', () => {
  it('wraps text in single quotes and doubles inner single quotes', () => {
    // Act
    const quoted = quoteLiteral("/tmp/it's'); DROP TABLE x; --.parquet");

    // Assert
    expect(quoted).toBe("'/tmp/it''s''); DROP TABLE x; --.parquet'");
  });

  it('leaves backslashes alone, as DuckDB literals have no backslash escapes', () => {
    // Act
    const quoted = quoteLiteral('C:\\data\\x');

    // Assert
    expect(quoted).toBe("'C:\\data\\x'");
  });
});
