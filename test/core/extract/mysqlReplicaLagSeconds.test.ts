import { ReplicaLagError } from '../../../lib/core/errors';
import { mysqlReplicaLagSeconds } from '../../../lib/core/extract';

describe('mysqlReplicaLagSeconds', () => {
  it('reads Seconds_Behind_Source, falling back to Seconds_Behind_Master', () => {
    // Act
    const lags = [
      mysqlReplicaLagSeconds('service', [{ Seconds_Behind_Source: '7' }], 300),
      mysqlReplicaLagSeconds('service', [{ Seconds_Behind_Master: '3' }], 300),
    ];

    // Assert
    expect(lags).toEqual([7, 3]);
  });

  it('has no lag on a server that is not a replica', () => {
    // Act / Assert
    expect(mysqlReplicaLagSeconds('service', [], 300)).toBeNull();
  });

  it('fails when replication is stopped (lag NULL)', () => {
    // Act / Assert
    expect(() => mysqlReplicaLagSeconds('service', [{ Seconds_Behind_Master: null }], 300)).toThrow(
      ReplicaLagError,
    );
  });
});
