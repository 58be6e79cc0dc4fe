import type { ReplicaEndpoint } from '../../../lib/adapters/database/ReplicaEndpoint';
import type { ReplicaReader } from '../../../lib/adapters/database/ReplicaReader';
import { SecretReplicaReaders } from '../../../lib/adapters/database/SecretReplicaReaders';
import type { SecretReader } from '../../../lib/adapters/secrets';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf';
const ENDPOINT = {
  credentialsSecretArn: SECRET,
  engine: 'postgres',
  port: 5432,
  database: 'payments',
} as const;

/** A secret reader holding the login, failing the first `failures` reads. */
function secretsWith(failures = 0): SecretReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    getSecretString: async (id) => {
      reads.push(id);
      if (reads.length <= failures) throw new Error('Secrets Manager unreachable');
      return JSON.stringify({ username: 'lake_reader', password: 'pw' });
    },
  };
}

/** A reader that records whether it was closed. */
function recordingReader(): ReplicaReader & { closed: boolean } {
  const reader = {
    engine: 'postgres' as const,
    closed: false,
    query: async () => [],
    columns: async () => [],
    primaryKey: async () => [],
    copyToCsv: async () => 0,
    close: async () => {
      reader.closed = true;
    },
  };
  return reader;
}

describe('SecretReplicaReaders', () => {
  let opened: ReturnType<typeof recordingReader>[];
  let open: jest.Mock<ReplicaReader, [ReplicaEndpoint]>;
  let endpoint: typeof ENDPOINT & { open: typeof open };
  beforeEach(() => {
    opened = [];
    open = jest.fn((_endpoint: ReplicaEndpoint): ReplicaReader => {
      const reader = recordingReader();
      opened.push(reader);
      return reader;
    });
    endpoint = { ...ENDPOINT, open };
  });

  it('logs in with the secret’s credentials over TLS, one session per reader', async () => {
    // Arrange
    const replicas = new SecretReplicaReaders({ ...endpoint, secrets: secretsWith() });

    // Act
    await replicas.withReader('r1.example', async () => undefined);

    // Assert
    expect(open).toHaveBeenCalledWith({
      engine: 'postgres',
      host: 'r1.example',
      port: 5432,
      database: 'payments',
      user: 'lake_reader',
      password: 'pw',
      tls: true,
      poolSize: 1,
    });
  });

  it('opens and closes a reader around each use by default', async () => {
    // Arrange
    const replicas = new SecretReplicaReaders({ ...endpoint, secrets: secretsWith() });

    // Act
    const first = await replicas.withReader('r1.example', async (reader) => reader);
    const second = await replicas.withReader('r1.example', async (reader) => reader);

    // Assert
    expect(first).not.toBe(second);
    expect(opened.map((reader) => reader.closed)).toEqual([true, true]);
  });

  it('closes the reader when the use fails', async () => {
    // Arrange
    const replicas = new SecretReplicaReaders({ ...endpoint, secrets: secretsWith() });

    // Act
    const attempt = replicas.withReader('r1.example', async () => {
      throw new Error('query failed');
    });

    // Assert
    await expect(attempt).rejects.toThrow('query failed');
    expect(opened.map((reader) => reader.closed)).toEqual([true]);
  });

  it('keeps one open reader per host with keepOpen', async () => {
    // Arrange
    const replicas = new SecretReplicaReaders({ ...endpoint, secrets: secretsWith(), keepOpen: true });

    // Act
    const first = await replicas.withReader('r1.example', async (reader) => reader);
    const again = await replicas.withReader('r1.example', async (reader) => reader);
    const other = await replicas.withReader('r2.example', async (reader) => reader);

    // Assert
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(open.mock.calls.map(([endpoint]) => endpoint.host)).toEqual(['r1.example', 'r2.example']);
    expect(opened.map((reader) => reader.closed)).toEqual([false, false]);
  });

  it('forgets a reader that failed to open, so the next use retries', async () => {
    // Arrange
    const secrets = secretsWith(1);
    const replicas = new SecretReplicaReaders({ ...endpoint, secrets, keepOpen: true });

    // Act
    const failed = replicas.withReader('r1.example', async (reader) => reader);
    await expect(failed).rejects.toThrow('Secrets Manager unreachable');
    const retried = await replicas.withReader('r1.example', async (reader) => reader);

    // Assert
    expect(retried).toBe(opened[0]);
    expect(secrets.reads).toEqual([SECRET, SECRET]);
  });
});
