import { openReplicaReader, type ReplicaReader, type TextRow } from '../../lib/adapters/database';
import { ReplicaLagError, ReplicaLagUnmeasuredError } from '../../lib/core/errors';
import { checkReplicaLag, type ReplicaLagCheck } from '../../lib/pipeline/checkReplicaLag';
import { postgresQuery, testReplicaEndpoint } from '../helpers/databases';

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

const FAIL: ReplicaLagCheck = { source: 'service', maxLagSeconds: 300, unmeasuredLag: 'fail' };
const WARN: ReplicaLagCheck = { ...FAIL, unmeasuredLag: 'warn' };

/** Runs the check on a fresh reader of the engine's test server and closes it. */
async function checkReal(engine: 'mysql' | 'postgres', check: ReplicaLagCheck) {
  const reader = realReader(engine);
  return checkReplicaLag(check, { reader }).finally(() => reader.close());
}

describe('checkReplicaLag on a server that is not a replica (the test servers)', () => {
  it.each([
    ['mysql', 'the replica reports no replication (SHOW REPLICA STATUS returns no row)'],
    ['postgres', 'the replica is not a standby (pg_is_in_recovery() is false)'],
  ] as const)('fails on %s with unmeasuredLag fail, saying why', async (engine, reason) => {
    // Act
    const check = checkReal(engine, FAIL);

    // Assert
    await expect(check).rejects.toThrow(ReplicaLagUnmeasuredError);
    await expect(checkReal(engine, FAIL)).rejects.toThrow(
      `Cannot measure the lag of source service's replica: ${reason}; allowed: a replica whose lag can be measured, or replica.unmeasuredLag: warn to read it anyway`,
    );
  });

  it.each([
    ['mysql', 'db-1 reports no replication (SHOW REPLICA STATUS returns no row)'],
    ['postgres', 'db-1 is not a standby (pg_is_in_recovery() is false)'],
  ] as const)(
    'lets the run go on with unmeasuredLag warn, returning the reason on %s',
    async (engine, reason) => {
      // Act
      const lag = await checkReal(engine, { ...WARN, replica: 'db-1' });

      // Assert
      expect(lag).toEqual({ lagSeconds: null, unmeasured: [reason] });
    },
  );
});

describe('checkReplicaLag on RDS instance replicas', () => {
  it('passes a MariaDB replica within the limit, asking SHOW REPLICA STATUS', async () => {
    // Arrange
    const sent: string[] = [];

    // Act
    const lag = await checkReplicaLag(FAIL, {
      reader: answering('mysql', [{ Seconds_Behind_Master: '12' }], sent),
    });

    // Assert
    expect([lag, sent]).toEqual([{ lagSeconds: 12, unmeasured: [] }, ['SHOW REPLICA STATUS']]);
  });

  it('fails a MariaDB replica over the limit with ReplicaLagError', async () => {
    // Act
    const check = checkReplicaLag(FAIL, { reader: answering('mysql', [{ Seconds_Behind_Source: '301' }]) });

    // Assert
    await expect(check).rejects.toThrow(
      'Read replica of source service lags the primary by 301 s; allowed: running replication at most 300 s behind (replica.maxLagSeconds)',
    );
  });

  it('fails a PostgreSQL standby over the limit', async () => {
    // Act
    const check = checkReplicaLag(
      { ...FAIL, source: 'payments', maxLagSeconds: 60 },
      { reader: answering('postgres', [{ in_recovery: 't', lag_seconds: '75.5' }]) },
    );

    // Assert
    await expect(check).rejects.toThrow(ReplicaLagError);
  });

  it('retries a standby whose replication stopped (lag unknown) even with unmeasuredLag warn', async () => {
    // Act
    const check = checkReplicaLag(WARN, {
      reader: answering('postgres', [{ in_recovery: 't', lag_seconds: null }]),
    });

    // Assert
    await expect(check).rejects.toThrow(ReplicaLagError);
  });
});

/** Rows of Aurora's replica status for a cluster: the writer, a product reader and two analytics readers. */
const WRITER = { server_id: 'prod-writer', session_id: 'MASTER_SESSION_ID', lag_ms: '0' };
const PRODUCT_READER = {
  server_id: 'prod-reader',
  session_id: '7d1c4a2e-0000-4000-8000-000000000001',
  lag_ms: '900000',
};
const LAKE_1 = {
  server_id: 'lake-reader-1',
  session_id: '7d1c4a2e-0000-4000-8000-000000000002',
  lag_ms: '1500',
};
const LAKE_2 = {
  server_id: 'lake-reader-2',
  session_id: '7d1c4a2e-0000-4000-8000-000000000003',
  lag_ms: '20000',
};
const AURORA_ROWS = [WRITER, PRODUCT_READER, LAKE_1, LAKE_2];

describe('checkReplicaLag on Aurora MySQL readers', () => {
  it("reads each analytics reader's lag from information_schema.replica_host_status, not SHOW REPLICA STATUS", async () => {
    // Arrange: an Aurora MySQL reader answers SHOW REPLICA STATUS with no row; the lake must not ask it
    const sent: string[] = [];

    // Act
    const lag = await checkReplicaLag(
      { ...FAIL, auroraInstances: ['lake-reader-1', 'lake-reader-2'] },
      { reader: answering('mysql', AURORA_ROWS, sent) },
    );

    // Assert: the largest of ours (20 s), not the product reader's 900 s
    expect(lag).toEqual({ lagSeconds: 20, unmeasured: [] });
    expect(sent).toEqual([
      'SELECT SERVER_ID AS server_id, SESSION_ID AS session_id, REPLICA_LAG_IN_MILLISECONDS AS lag_ms FROM information_schema.replica_host_status',
    ]);
  });

  it('fails with unmeasuredLag fail when an analytics reader has no status row', async () => {
    // Act
    const check = checkReplicaLag(
      { ...FAIL, auroraInstances: ['lake-reader-1', 'lake-reader-3'] },
      { reader: answering('mysql', AURORA_ROWS) },
    );

    // Assert
    await expect(check).rejects.toThrow(
      "Cannot measure the lag of source service's replica: lake-reader-3 has no row in Aurora's replica status",
    );
  });

  it('refuses to check a server that is not Aurora MySQL (the MariaDB test server has no replica_host_status)', async () => {
    // Act
    const check = checkReal('mysql', { ...WARN, auroraInstances: ['lake-reader-1'] });

    // Assert
    await expect(check).rejects.toThrow(/replica_host_status/);
  });
});

describe('checkReplicaLag on Aurora PostgreSQL readers', () => {
  // The real PostgreSQL server with aurora_replica_status() standing in, returning the columns
  // AWS documents (server_id, session_id, replica_lag_in_msec): the exact SQL runs for real.
  const createStatus = (rows: typeof AURORA_ROWS) =>
    postgresQuery(`CREATE OR REPLACE FUNCTION public.aurora_replica_status()
      RETURNS TABLE (server_id text, session_id text, replica_lag_in_msec real)
      LANGUAGE sql AS $$ VALUES ${rows
        .map((row) => `('${row.server_id}', '${row.session_id}', ${row.lag_ms}::real)`)
        .join(', ')} $$`);
  afterAll(() => postgresQuery('DROP FUNCTION IF EXISTS public.aurora_replica_status()'));

  it('refuses to check a server without aurora_replica_status() (plain PostgreSQL)', async () => {
    // Arrange
    await postgresQuery('DROP FUNCTION IF EXISTS public.aurora_replica_status()');

    // Act
    const check = checkReal('postgres', { ...WARN, auroraInstances: ['lake-reader-1'] });

    // Assert
    await expect(check).rejects.toThrow(/aurora_replica_status\(\) does not exist/);
  });

  it("measures each analytics reader's lag with aurora_replica_status(), never pg_last_wal_receive_lsn()", async () => {
    // Arrange
    await createStatus(AURORA_ROWS);

    // Act
    const lag = await checkReal('postgres', { ...FAIL, auroraInstances: ['lake-reader-1', 'LAKE-READER-2'] });

    // Assert
    expect(lag).toEqual({ lagSeconds: 20, unmeasured: [] });
  });

  it('fails an analytics reader over the limit with ReplicaLagError', async () => {
    // Arrange
    await createStatus(AURORA_ROWS);

    // Act
    const check = checkReal('postgres', { ...FAIL, maxLagSeconds: 10, auroraInstances: ['lake-reader-2'] });

    // Assert
    await expect(check).rejects.toThrow(
      'lags the primary by 20 s; allowed: running replication at most 10 s behind',
    );
  });

  it('warns about an analytics reader a failover made the writer, and measures the others', async () => {
    // Arrange
    await createStatus([{ ...LAKE_1, session_id: 'MASTER_SESSION_ID', lag_ms: '0' }, LAKE_2]);

    // Act
    const lag = await checkReal('postgres', { ...WARN, auroraInstances: ['lake-reader-1', 'lake-reader-2'] });

    // Assert
    expect(lag).toEqual({
      lagSeconds: 20,
      unmeasured: ["lake-reader-1 is the cluster's writer now (a failover promoted it)"],
    });
  });
});
