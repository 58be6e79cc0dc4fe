import { ConfigError } from '../../../lib/core/errors';
import {
  ExportOnlyError,
  exportOnlyTargets,
  listsTablesToExport,
  MAX_EXPORT_ONLY_BYTES,
} from '../../../lib/core/export';
import type { FoundTable } from '../../../lib/core/pipeline/plan/unlistedTables';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';

type SourceInput = Parameters<typeof validSource>[0];

function sourceWith(overrides: SourceInput) {
  const [source] = parsedConfig({ sources: [validSource(overrides)] }).sources;
  if (source === undefined) throw new Error('no source');
  return source;
}

const mysqlTables = (...names: string[]): FoundTable[] =>
  names.map((table) => ({ schema: 'service', table }));

describe('listsTablesToExport', () => {
  it.each([
    ['includeTables all, snapshot export by default', { includeTables: 'all' }, true],
    ['includeTables listed', { includeTables: 'listed' }, false],
    [
      'includeTables all, replica-query by default',
      { includeTables: 'all', defaultMode: 'replica-query' },
      false,
    ],
  ] as const)('%s: %s', (_name, overrides, expected) => {
    // Arrange
    const source = sourceWith(overrides);

    // Act
    const lists = listsTablesToExport(source);

    // Assert
    expect(lists).toBe(expected);
  });
});

describe('exportOnlyTargets', () => {
  it('names every MySQL table as database.table but the excluded ones', () => {
    // Arrange
    const source = sourceWith({
      includeTables: 'all',
      excludeTables: ['audit_log', 'service.ssn_vault'],
      tables: [],
    });

    // Act
    const targets = exportOnlyTargets(source, mysqlTables('audit_log', 'items', 'ssn_vault', 'users'));

    // Assert
    expect(targets).toEqual(['service.items', 'service.users']);
  });

  it('names PostgreSQL tables as database.schema.table and excludes by name or schema.table', () => {
    // Arrange
    const source = sourceWith({
      engine: 'postgres',
      database: 'payments',
      includeTables: 'all',
      excludeTables: ['secrets', 'audit.events'],
      tables: [],
    });

    // Act
    const targets = exportOnlyTargets(source, [
      { schema: 'public', table: 'refunds' },
      { schema: 'public', table: 'secrets' },
      { schema: 'audit', table: 'events' },
      { schema: 'public', table: 'events' },
    ]);

    // Assert
    expect(targets).toEqual(['payments.public.refunds', 'payments.public.events']);
  });

  it('names a listed snapshot table once, and never a table listed in another mode', () => {
    // Arrange
    const source = sourceWith({
      includeTables: 'all',
      tables: [validTable({ name: 'users' }), validTable({ name: 'orders', mode: 'replica-query' })],
    });

    // Act
    const targets = exportOnlyTargets(source, mysqlTables('items', 'orders', 'users'));

    // Assert
    expect(targets).toEqual(['service.users', 'service.items']);
  });

  it('leaves out an excluded table whose name the lake could not curate, instead of failing on it', () => {
    // Arrange
    const source = sourceWith({ includeTables: 'all', excludeTables: ['Order-Items'], tables: [] });

    // Act
    const targets = exportOnlyTargets(source, mysqlTables('Order-Items', 'items'));

    // Assert
    expect(targets).toEqual(['service.items']);
  });

  it('fails naming the table when a kept table has a name partial exports do not take', () => {
    // Arrange
    const source = sourceWith({ includeTables: 'all', tables: [] });

    // Act
    const attempt = () => exportOnlyTargets(source, mysqlTables('Order-Items', 'items'));

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/"service.Order-Items".*allowed: add "Order-Items" to excludeTables/);
  });

  it('refuses an empty list: an export without ExportOnly would write every table', () => {
    // Arrange
    const source = sourceWith({ includeTables: 'all', excludeTables: ['users'], tables: [] });

    // Act
    const attempt = () => exportOnlyTargets(source, mysqlTables('users'));

    // Assert
    expect(attempt).toThrow(ExportOnlyError);
    expect(attempt).toThrow(
      /Source "service": database service has no table to export once excludeTables are left out/,
    );
  });

  it('refuses a list over the 200 KB StartExportTask takes ("Considerations for DB snapshot exports")', () => {
    // Arrange: 63-character names, 74 bytes an entry ("service.<name>", quotes and comma)
    const source = sourceWith({ includeTables: 'all', tables: [] });
    const count = Math.ceil(MAX_EXPORT_ONLY_BYTES / 74) + 10;
    const found = mysqlTables(...Array.from({ length: count }, (_, i) => `t${String(i).padStart(62, '0')}`));

    // Act
    const attempt = () => exportOnlyTargets(source, found);

    // Assert
    expect(MAX_EXPORT_ONLY_BYTES).toBe(200_000);
    expect(attempt).toThrow(/over StartExportTask's ExportOnly limit of 200000/);
    expect(exportOnlyTargets(source, found.slice(0, 2000))).toHaveLength(2000);
  });
});
