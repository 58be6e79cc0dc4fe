import { replicaLagTargets } from '../../../lib/core/extract/replicaLagTargets';

describe('replicaLagTargets', () => {
  it('checks every RDS instance replica on its own host: each reports only its own lag', () => {
    // Act
    const targets = replicaLagTargets(['r1.example', 'r2.example', 'r3.example'], undefined);

    // Assert
    expect(targets).toEqual([{ host: 'r1.example' }, { host: 'r2.example' }, { host: 'r3.example' }]);
  });

  it('checks Aurora readers once, through the first host, naming every reader (aurora_replica_status: the status of all reader nodes)', () => {
    // Act
    const targets = replicaLagTargets(['analytics.example', 'other.example'], ['reader-1', 'reader-2']);

    // Assert
    expect(targets).toEqual([{ host: 'analytics.example', auroraInstances: ['reader-1', 'reader-2'] }]);
  });

  it('checks nothing without a host', () => {
    // Act / Assert
    expect(replicaLagTargets([], undefined)).toEqual([]);
    expect(replicaLagTargets([], ['reader-1'])).toEqual([]);
  });
});
