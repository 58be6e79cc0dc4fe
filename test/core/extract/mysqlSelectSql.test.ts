import { mysqlSelectSql, replicaLanding } from '../../../lib/core/extract';
import { plannedColumn } from '../../helpers/tablePlanFactory';

describe('mysqlSelectSql', () => {
  it('widens FLOAT to DOUBLE on the server, whose text keeps every bit of the float', () => {
    expect(mysqlSelectSql('`ratio`', 'FLOAT')).toBe('CAST(`ratio` AS DOUBLE)');
  });

  it.each(['double', 'decimal', 'int', 'datetime'])('selects %s as is', (dataType) => {
    expect(mysqlSelectSql('`c`', dataType)).toBe('`c`');
  });

  it('is what the replica extract selects a MySQL FLOAT with, and not a PostgreSQL real', () => {
    // Arrange
    const column = (engine: 'mysql' | 'postgres', dataType: string) =>
      plannedColumn('ratio', { engine, dataType }, { athenaType: 'float', duckdbType: 'FLOAT' });

    // Act
    const [mysqlFloat] = replicaLanding('mysql', [column('mysql', 'float')]);
    const [postgresReal] = replicaLanding('postgres', [column('postgres', 'float4')]);

    // Assert
    expect(mysqlFloat?.selectSql).toBe('CAST(`ratio` AS DOUBLE)');
    expect(postgresReal?.selectSql).toBe('"ratio"');
  });
});
