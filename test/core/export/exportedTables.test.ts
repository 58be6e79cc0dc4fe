import { exportedTables } from '../../../lib/core/export';

describe('exportedTables', () => {
  it('lists COMPLETE MySQL and PostgreSQL tables with database, schema and table', () => {
    // Arrange
    const info = {
      perTableStatus: [
        { target: 'service.users', status: 'COMPLETE' },
        { target: 'payments.public.refunds', status: 'COMPLETE' },
      ],
    };

    // Act
    const tables = exportedTables(info).map(({ engine, database, schema, table }) => [
      engine,
      database,
      schema,
      table,
    ]);

    // Assert
    expect(tables).toEqual([
      ['mysql', 'service', 'service', 'users'],
      ['postgres', 'payments', 'public', 'refunds'],
    ]);
  });

  it('leaves out failed tables and database-level warnings', () => {
    // Arrange
    const info = {
      perTableStatus: [
        { target: 'service.orders', status: 'FAILED', warningMessage: 'row too large' },
        { target: 'payments', warningMessage: 'PERMISSIONS_DO_NOT_EXIST' },
      ],
    };

    // Act
    const tables = exportedTables(info);

    // Assert
    expect(tables).toEqual([]);
  });
});
