import { snapshotTables } from '../../../../lib/core/pipeline/plan/snapshotTables';
import { parsedConfig, validSource } from '../../../helpers/configFactory';

const info = {
  perTableStatus: [
    { target: 'service.users', status: 'COMPLETE' },
    { target: 'service.sessions', status: 'COMPLETE' },
    { target: 'service.schema_migrations', status: 'COMPLETE' },
    { target: 'service.audit', status: 'FAILED', warningMessage: 'row too large' },
  ],
};

function source(overrides: Parameters<typeof validSource>[0]) {
  const [first] = parsedConfig({ sources: [validSource(overrides)] }).sources;
  if (!first) throw new Error('no source');
  return first;
}

describe('snapshotTables', () => {
  it('takes only the listed snapshot-export tables with includeTables: listed', () => {
    // Act
    const tables = snapshotTables(source({ includeTables: 'listed' }), info);

    // Assert
    expect(tables.map((table) => table.name)).toEqual(['users']);
  });

  it('adds every other exported table, failed ones included, except excludeTables, with includeTables: all', () => {
    // Act
    const tables = snapshotTables(
      source({ includeTables: 'all', excludeTables: ['schema_migrations'] }),
      info,
    );

    // Assert
    expect(tables.map((table) => [table.name, table.pool, table.newColumns])).toEqual([
      ['users', 'default', 'exclude'],
      ['sessions', 'default', 'exclude'],
      ['audit', 'default', 'exclude'],
    ]);
  });
});
