import { largestReplicaLag } from '../../../lib/core/extract/largestReplicaLag';

describe('largestReplicaLag', () => {
  it('reports the largest lag measured and every reason a lag was not, in check order', () => {
    // Act
    const lag = largestReplicaLag([
      { lagSeconds: 3, unmeasured: [] },
      { lagSeconds: null, unmeasured: ['r2 reports no replication'] },
      { lagSeconds: 12, unmeasured: ['reader-3 has no row'] },
    ]);

    // Assert
    expect(lag).toEqual({ lagSeconds: 12, unmeasured: ['r2 reports no replication', 'reader-3 has no row'] });
  });

  it('keeps a lag of 0 as measured', () => {
    // Act / Assert
    expect(largestReplicaLag([{ lagSeconds: 0, unmeasured: [] }])).toEqual({ lagSeconds: 0, unmeasured: [] });
  });

  it('reports null when no check measured a lag', () => {
    // Act / Assert
    expect(largestReplicaLag([{ lagSeconds: null, unmeasured: ['r1 is not a standby'] }])).toEqual({
      lagSeconds: null,
      unmeasured: ['r1 is not a standby'],
    });
    expect(largestReplicaLag([])).toEqual({ lagSeconds: null, unmeasured: [] });
  });
});
