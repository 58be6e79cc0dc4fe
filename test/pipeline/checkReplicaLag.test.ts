import { openReplicaReader, type ReplicaReader, type TextRow } from '../../lib/adapters/database';
import { ReplicaLagError } from '../../lib/core/errors';
import { checkReplicaLag } from '../../lib/pipeline/checkReplicaLag';
import { testReplicaEndpoint } from '../helpers/databases';

function realReader(engine: 'mysql' | 'postgres'): ReplicaReader {
  return openReplicaReader(testReplicaEndpoint(engine));
}

/** A reader answering every query with `rows`, recording the SQL it was sent. */
function answering(engine: 'mysql' | 'postgres', rows: TextRow[], sent: string[] = []): ReplicaReader {
  const refuse = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    engine,
    query: async (query) => {
      sent.push(query.sql);
      return rows;
    },
    columns: refuse,
    primaryKey: refuse,
    copyToCsv: refuse,
    close: async () => undefined,
  };
}

describe('checkReplicaLag', () => {
  it.each(['mysql', 'postgres'] as const)(
    'finds no lag on a %s server that is not a replica',
    async (engine) => {
      // Arrange
      const reader = realReader(engine);

      // Act
      const lag = await checkReplicaLag({ source: 'service', maxLagSeconds: 300 }, { reader }).finally(() =>
        reader.close(),
      );

      // Assert
      expect(lag).toEqual({ lagSeconds: null });
    },
  );

  it('passes a MariaDB replica within the limit, asking SHOW REPLICA STATUS', async () => {
    // Arrange
    const sent: string[] = [];

    // Act
    const lag = await checkReplicaLag(
      { source: 'service', maxLagSeconds: 300 },
      { reader: answering('mysql', [{ Seconds_Behind_Master: '12' }], sent) },
    );

    // Assert
    expect([lag, sent]).toEqual([{ lagSeconds: 12 }, ['SHOW REPLICA STATUS']]);
  });

  it('fails a MariaDB replica over the limit with ReplicaLagError', async () => {
    // Act
    const check = checkReplicaLag(
      { source: 'service', maxLagSeconds: 300 },
      { reader: answering('mysql', [{ Seconds_Behind_Source: '301' }]) },
    );

    // Assert
    await expect(check).rejects.toThrow(
      'Read replica of source service lags the primary by 301 s; allowed: running replication at most 300 s behind (replica.maxLagSeconds)',
    );
  });

  it('fails a PostgreSQL standby over the limit', async () => {
    // Act
    const check = checkReplicaLag(
      { source: 'payments', maxLagSeconds: 60 },
      { reader: answering('postgres', [{ in_recovery: 't', lag_seconds: '75.5' }]) },
    );

    // Assert
    await expect(check).rejects.toThrow(ReplicaLagError);
  });
});
