import { auroraReplicaLags } from '../../../lib/core/extract/auroraReplicaLags';

describe('auroraReplicaLags', () => {
  it("gives each named reader's lag in seconds, ignoring the other instances", () => {
    // Act
    const lags = auroraReplicaLags(
      [
        { server_id: 'writer', session_id: 'MASTER_SESSION_ID', lag_ms: '0' },
        { server_id: 'lake-1', session_id: 'a', lag_ms: '250' },
        { server_id: 'other', session_id: 'b', lag_ms: '99999' },
      ],
      ['lake-1'],
    );

    // Assert
    expect(lags).toEqual([{ instance: 'lake-1', lagSeconds: 0.25 }]);
  });

  it('never reads a missing row, the writer or a NULL lag as no lag', () => {
    // Act
    const lags = auroraReplicaLags(
      [
        { server_id: 'lake-2', session_id: 'MASTER_SESSION_ID', lag_ms: '0' },
        { server_id: 'lake-3', session_id: 'c', lag_ms: null },
      ],
      ['lake-1', 'lake-2', 'lake-3'],
    );

    // Assert
    expect(lags).toEqual([
      { instance: 'lake-1', unmeasured: "lake-1 has no row in Aurora's replica status" },
      { instance: 'lake-2', unmeasured: "lake-2 is the cluster's writer now (a failover promoted it)" },
      { instance: 'lake-3', unmeasured: "lake-3 has no lag in Aurora's replica status (got null)" },
    ]);
  });
});
