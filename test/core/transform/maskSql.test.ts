import { DataLakeError } from '../../../lib/core/errors';
import { MASK_KEY_VARIABLES, maskSql } from '../../../lib/core/transform';

const email = { sql: '"c"', duckdbType: 'VARCHAR' };
const price = { sql: '"p"', duckdbType: 'DECIMAL(12,2)' };

describe('maskSql', () => {
  it('builds HMAC-SHA-256 from the key pad variables over the value text as UTF-8, as VARCHAR', () => {
    // Act
    const masked = maskSql(price, { kind: 'hash' });

    // Assert
    const pad = (variable: string) =>
      `coalesce\\(CAST\\(getvariable\\('${variable}'\\) AS BLOB\\), error\\([^)]*\\)\\)`;
    expect(masked.duckdbType).toBe('VARCHAR');
    expect(masked.sql).toMatch(
      new RegExp(
        `^sha256\\(${pad(MASK_KEY_VARIABLES.outerPad)} \\|\\| unhex\\(sha256\\(${pad(MASK_KEY_VARIABLES.innerPad)} \\|\\| encode\\(CAST\\("p" AS VARCHAR\\)\\)\\)\\)\\)$`,
      ),
    );
  });

  it('replaces the value by the token as VARCHAR when redact has a token', () => {
    // Act
    const masked = maskSql(price, { kind: 'redact', token: "it's secret" });

    // Assert
    expect(masked).toEqual({ sql: "CAST('it''s secret' AS VARCHAR)", duckdbType: 'VARCHAR' });
  });

  it('replaces the value by a NULL of its own type when redact has no token', () => {
    // Act
    const masked = maskSql(price, { kind: 'redact' });

    // Assert
    expect(masked).toEqual({ sql: 'CAST(NULL AS DECIMAL(12,2))', duckdbType: 'DECIMAL(12,2)' });
  });

  it('keeps the first N characters of the value text for truncate', () => {
    // Act
    const masked = maskSql(email, { kind: 'truncate', length: 4 });

    // Assert
    expect(masked).toEqual({ sql: 'left(CAST("c" AS VARCHAR), 4)', duckdbType: 'VARCHAR' });
  });

  it.each([0, -1, 2.5])('refuses truncate length %p', (length) => {
    // Act
    const act = () => maskSql(email, { kind: 'truncate', length });

    // Assert
    expect(act).toThrow(DataLakeError);
    expect(act).toThrow(`received length ${length}; allowed: an integer of at least 1`);
  });
});
