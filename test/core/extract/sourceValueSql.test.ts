import { sourceValueSql } from '../../../lib/core/extract';

describe('sourceValueSql', () => {
  it('inlines an exact BIGINT UNSIGNED integer', () => {
    // Act
    const sql = sourceValueSql('mysql', { integer: '18446744073709551615' }, []);

    // Assert
    expect(sql).toBe('18446744073709551615');
  });

  it('refuses an "integer" that carries SQL', () => {
    // Act / Assert
    expect(() => sourceValueSql('postgres', { integer: '1 OR 1=1' }, [])).toThrow(
      /Invalid integer key or watermark value: received "1 OR 1=1"/,
    );
  });

  it('binds MySQL text as a parameter', () => {
    // Arrange
    const params: string[] = [];

    // Act
    const sql = sourceValueSql('mysql', { text: "x' OR '1'='1" }, params);

    // Assert
    expect([sql, params]).toEqual(['?', ["x' OR '1'='1"]]);
  });

  it("inlines PostgreSQL text with ' doubled and backslashes untouched", () => {
    // Act
    const sql = sourceValueSql('postgres', { text: "x' OR '1'='1 \\" }, []);

    // Assert
    expect(sql).toBe("'x'' OR ''1''=''1 \\'");
  });
});
