import type { SnapshotDatabase } from '../../../lib/adapters/rds';
import { NoAutomatedSnapshotError } from '../../../lib/core/export/NoAutomatedSnapshotError';
import { findSnapshotTask } from '../../../lib/tasks/findSnapshot/findSnapshotTask';

/** A stand-in for RDS's listing: records what it was asked, answers `arn` or throws `error`. */
function snapshots(answer: { arn?: string; error?: Error }) {
  const asked: [string, SnapshotDatabase][] = [];
  return {
    asked,
    deps: {
      latestAutomatedSnapshot: async (source: string, database: SnapshotDatabase) => {
        asked.push([source, database]);
        if (answer.error) throw answer.error;
        return answer.arn ?? '';
      },
    },
  };
}

describe('findSnapshotTask', () => {
  it('returns the newest automated snapshot of the instance the event names', async () => {
    // Arrange
    const arn = 'arn:aws:rds:eu-west-1:123456789012:snapshot:rds:service-db-2026-11-23-03-05';
    const { asked, deps } = snapshots({ arn });

    // Act
    const result = await findSnapshotTask({ source: 'service', instanceIdentifier: 'service-db' }, deps);

    // Assert
    expect(result).toEqual({ arn });
    expect(asked).toEqual([['service', { instanceIdentifier: 'service-db' }]]);
  });

  it('looks up an Aurora cluster’s snapshots by its cluster identifier', async () => {
    // Arrange
    const { asked, deps } = snapshots({ arn: 'arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:rds:c-1' });

    // Act
    await findSnapshotTask({ source: 'service', clusterIdentifier: 'service-cluster' }, deps);

    // Assert
    expect(asked).toEqual([['service', { clusterIdentifier: 'service-cluster' }]]);
  });

  it('passes on the NoAutomatedSnapshotError naming the source', async () => {
    // Arrange
    const { deps } = snapshots({ error: new NoAutomatedSnapshotError('service', 'RDS instance service-db') });

    // Act / Assert
    await expect(
      findSnapshotTask({ source: 'service', instanceIdentifier: 'service-db' }, deps),
    ).rejects.toThrow(NoAutomatedSnapshotError);
  });

  it.each([
    [
      'both an instance and a cluster',
      { source: 'service', instanceIdentifier: 'a', clusterIdentifier: 'b' },
    ],
    ['neither an instance nor a cluster', { source: 'service' }],
    ['no source', { instanceIdentifier: 'a' }],
  ])('refuses an event naming %s, asking RDS nothing', async (_case, event) => {
    // Arrange
    const { asked, deps } = snapshots({ arn: 'unused' });

    // Act / Assert
    await expect(findSnapshotTask(event, deps)).rejects.toThrow();
    expect(asked).toEqual([]);
  });
});
