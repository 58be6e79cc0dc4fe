import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TableExportError } from '../../../lib/core/errors';
import { assertTablesExported, type ExportTableRef, parseExportTablesInfo } from '../../../lib/core/export';

const FILE = 'export_tables_info_service-20261123T030005Z_from_1_to_4.json';
const info = parseExportTablesInfo(JSON.parse(readFileSync(join(__dirname, 'fixtures', FILE), 'utf8')), FILE);

const mysqlTable = (table: string): ExportTableRef => ({
  engine: 'mysql',
  database: 'service',
  schema: 'service',
  table,
});

function thrown(action: () => unknown): TableExportError {
  try {
    action();
  } catch (error) {
    if (error instanceof TableExportError) return error;
    throw error;
  }
  throw new Error('expected a TableExportError');
}

describe('assertTablesExported', () => {
  it('returns the requested tables in the order requested when all are COMPLETE', () => {
    // Act
    const tables = assertTablesExported([mysqlTable('items'), mysqlTable('users')], info, 'exp-1');

    // Assert
    expect(tables.map((table) => table.target)).toEqual(['service.items', 'service.users']);
  });

  it('names a FAILED table with the warning AWS gave', () => {
    // Act
    const error = thrown(() => assertTablesExported([mysqlTable('orders')], info, 'exp-1'));

    // Assert
    expect(error.problems).toEqual([
      {
        target: 'service.orders',
        status: 'FAILED',
        reason: 'The export of table service.orders failed: a row is larger than 2 GB',
      },
    ]);
  });

  it('names a SKIPPED table with the warning AWS gave', () => {
    // Act
    const error = thrown(() => assertTablesExported([mysqlTable('audit log')], info, 'exp-1'));

    // Assert
    expect(error.message).toContain('service.audit log: SKIPPED: Column names with spaces are not supported');
  });

  it('names a requested table the export silently left out as MISSING', () => {
    // Act
    const error = thrown(() => assertTablesExported([mysqlTable('chat_messages')], info, 'exp-1'));

    // Assert
    expect(error.problems.map((problem) => [problem.target, problem.status])).toEqual([
      ['service.chat_messages', 'MISSING'],
    ]);
    expect(error.message).toContain(
      "service.chat_messages: MISSING: not listed in the export's table info: the snapshot has no such table (check the config's tables[].name and schema against the source), or RDS skipped it silently",
    );
  });

  it('names every failed, skipped and missing table in one error, not only the first', () => {
    // Act
    const error = thrown(() =>
      assertTablesExported(
        [mysqlTable('users'), mysqlTable('orders'), mysqlTable('audit log'), mysqlTable('chat_messages')],
        info,
        'exp-1',
      ),
    );

    // Assert
    expect(error.problems.map((problem) => problem.target)).toEqual([
      'service.orders',
      'service.audit log',
      'service.chat_messages',
    ]);
  });

  it('quotes a database-level warning as the reason a table is missing', () => {
    // Arrange: PostgreSQL reports missing permissions on a schema as a warning entry
    const withWarning = {
      perTableStatus: [
        { target: 'payments', warningMessage: 'PERMISSIONS_DO_NOT_EXIST: schema audit skipped' },
      ],
    };
    const ref: ExportTableRef = { engine: 'postgres', database: 'payments', schema: 'audit', table: 'log' };

    // Act
    const error = thrown(() => assertTablesExported([ref], withWarning, 'exp-2'));

    // Assert
    expect(error.problems[0]?.reason).toContain('payments: PERMISSIONS_DO_NOT_EXIST: schema audit skipped');
  });

  it('names the export id in the message', () => {
    // Act
    const error = thrown(() => assertTablesExported([mysqlTable('orders')], info, 'exp-1'));

    // Assert
    expect(error.message).toMatch(/^Export exp-1 did not export 1 requested table/);
  });
});
