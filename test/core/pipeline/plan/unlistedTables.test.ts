import { ConfigError } from '../../../../lib/core/errors';
import { unlistedTableMode, unlistedTables } from '../../../../lib/core/pipeline/plan/unlistedTables';
import { parsedConfig, validSource, validTable } from '../../../helpers/configFactory';

function sourceWith(overrides: Record<string, unknown>) {
  return (
    parsedConfig({ sources: [validSource({ tables: [validTable({ name: 'users' })], ...overrides })] })
      .sources[0] ?? fail('no source')
  );
}

const found = (...tables: string[]) => tables.map((table) => ({ schema: 'service', table }));

describe('unlistedTables', () => {
  it('adds each found table that is neither listed nor excluded, once, in the default mode and pool', () => {
    // Arrange
    const source = sourceWith({
      includeTables: 'all',
      defaultMode: 'replica-query',
      excludeTables: ['sessions'],
    });

    // Act
    const tables = unlistedTables(source, found('audit', 'users', 'sessions', 'audit'));

    // Assert
    expect(tables.map((table) => [table.name, table.mode, table.pool, table.schema])).toEqual([
      ['audit', 'replica-query', 'default', 'service'],
    ]);
  });

  it('adds nothing when only listed tables are curated', () => {
    // Arrange
    const source = sourceWith({ includeTables: 'listed' });

    // Act / Assert
    expect(unlistedTableMode(source)).toBeUndefined();
    expect(unlistedTables(source, found('audit'))).toEqual([]);
  });

  it('excludes a table by schema.name as well as by name', () => {
    const source = sourceWith({ includeTables: 'all', excludeTables: ['service.audit'] });
    expect(unlistedTables(source, found('audit', 'zones')).map((table) => table.name)).toEqual(['zones']);
  });

  it('names a found table it cannot curate and how to leave it out', () => {
    // Arrange
    const source = sourceWith({ includeTables: 'all' });

    // Act
    const attempt = () => unlistedTables(source, found('Order-Items'));

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/found table "service.Order-Items".*allowed: add "Order-Items" to excludeTables/);
  });

  it('accepts such a name in excludeTables and leaves the table out', () => {
    const source = sourceWith({ includeTables: 'all', excludeTables: ['Order-Items'] });
    expect(unlistedTables(source, found('Order-Items'))).toEqual([]);
  });

  it('refuses two found tables whose names differ only in case, naming both and the exclusion that resolves it', () => {
    // Arrange
    const source = sourceWith({ includeTables: 'all' });

    // Act
    const attempt = () => unlistedTables(source, found('Zones', 'zones'));

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /found "service\.zones", which the lake would publish as "zones" like found table "service\.Zones".*allowed: add "service\.Zones" or "service\.zones" to excludeTables/,
    );
  });

  it('refuses a found table that a listed table’s lake name already has, and names the found one to exclude', () => {
    // Arrange: the listed table is `users`.
    const source = sourceWith({ includeTables: 'all' });

    // Act
    const attempt = () => unlistedTables(source, [{ schema: 'service', table: 'USERS' }]);

    // Assert
    expect(attempt).toThrow(
      /found "service\.USERS".*like listed table "service\.users".*allowed: add "service\.USERS" to excludeTables/,
    );
  });

  it('accepts the pair once one of them is excluded', () => {
    const source = sourceWith({ includeTables: 'all', excludeTables: ['Zones'] });
    expect(unlistedTables(source, found('Zones', 'zones')).map((table) => table.name)).toEqual(['zones']);
  });
});
