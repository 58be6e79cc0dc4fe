/**
 * listTablesTask on the real MariaDB and PostgreSQL test servers, bound as its Lambda binds it
 * (SecretReplicaReaders: the credentials secret, TLS asked for; the test servers have no TLS, so
 * the endpoint it opens is checked, then opened without).
 */
import { openReplicaReader, type ReplicaEndpoint } from '../../../lib/adapters/database';
import { SecretReplicaReaders } from '../../../lib/adapters/database/SecretReplicaReaders';
import type { DataLakeConfig } from '../../../lib/config';
import { ExportOnlyError } from '../../../lib/core/export';
import { listTablesSettingsSchema } from '../../../lib/tasks/listTables/listTablesSettingsSchema';
import { listTablesTask } from '../../../lib/tasks/listTables/listTablesTask';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';
import { parsedConfig, validSource } from '../../helpers/configFactory';
import {
  type DatabaseEngine,
  loadFixture,
  mariadbQuery,
  postgresQuery,
  testReplicaEndpoint,
} from '../../helpers/databases';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:reader-AbCdEf';
/** A table of unmasked personal data that the lake must never export. */
const VAULT = 'leak_ssn_vault';

function config(engine: DatabaseEngine, excludeTables: string[]): DataLakeConfig {
  return parsedConfig({
    pools: [{ name: 'default', maxConcurrency: 1 }],
    sources: [
      validSource({
        engine,
        database: engine === 'mysql' ? 'marketplace' : 'payments',
        includeTables: 'all',
        excludeTables,
        tables: [],
      }),
    ],
  });
}

function deps(engine: DatabaseEngine) {
  const endpoint = testReplicaEndpoint(engine);
  const opened: ReplicaEndpoint[] = [];
  const settings = parseTaskSettings(listTablesSettingsSchema, {
    REPLICA_ENGINE: engine,
    REPLICA_PORT: String(endpoint.port),
    REPLICA_DATABASE: endpoint.database,
    CREDENTIALS_SECRET_ARN: SECRET_ARN,
    REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
    REPLICA_STATEMENT_TIMEOUT_SECONDS: '30',
    REPLICA_IDLE_TIMEOUT_SECONDS: '30',
    REPLICA_HOST: endpoint.host,
  });
  const replicas = new SecretReplicaReaders({
    secrets: {
      getSecretString: async (id) => {
        expect(id).toBe(SECRET_ARN);
        return JSON.stringify({ username: endpoint.user, password: endpoint.password });
      },
    },
    credentialsSecretArn: settings.CREDENTIALS_SECRET_ARN,
    engine: settings.REPLICA_ENGINE,
    port: settings.REPLICA_PORT,
    database: settings.REPLICA_DATABASE,
    open: (asked) => {
      opened.push(asked);
      return openReplicaReader({ ...asked, tls: false });
    },
  });
  return { deps: { replicas, settings }, opened };
}

describe('listTablesTask on the test servers', () => {
  beforeAll(async () => {
    // Its own fixtures: the suites share one server, and in CI this may run before any other has loaded them.
    await loadFixture('mysql');
    await loadFixture('postgres');
    await mariadbQuery(
      `CREATE TABLE IF NOT EXISTS ${VAULT} (id INT PRIMARY KEY, email VARCHAR(100), ssn CHAR(11))`,
    );
    await postgresQuery(`CREATE TABLE IF NOT EXISTS ${VAULT} (id INT PRIMARY KEY, email TEXT, ssn TEXT)`);
  });
  afterAll(async () => {
    await mariadbQuery(`DROP TABLE IF EXISTS ${VAULT}`);
    await postgresQuery(`DROP TABLE IF EXISTS ${VAULT}`);
  });

  it('MariaDB: every table of the database as database.table but the excluded one, over TLS with the secret’s login', async () => {
    // Arrange
    const { deps: bound, opened } = deps('mysql');

    // Act
    const result = await listTablesTask({ config: config('mysql', [VAULT]), source: 'service' }, bound);

    // Assert
    expect(result).toEqual({
      exportOnly: [
        'marketplace.chat_messages',
        'marketplace.items',
        'marketplace.orders',
        'marketplace.users',
      ],
    });
    expect(opened).toEqual([
      expect.objectContaining({ host: '127.0.0.1', tls: true, database: 'marketplace' }),
    ]);
  });

  it('PostgreSQL: every table as database.schema.table but the excluded one (named schema.table)', async () => {
    // Arrange
    const { deps: bound } = deps('postgres');

    // Act
    const result = await listTablesTask(
      { config: config('postgres', [`public.${VAULT}`]), source: 'service' },
      bound,
    );

    // Assert
    expect(result).toEqual({ exportOnly: ['payments.public.payments', 'payments.public.refunds'] });
  });

  it('names the excluded table when nothing excludes it: the check above is not vacuous', async () => {
    // Arrange
    const { deps: bound } = deps('postgres');

    // Act
    const result = await listTablesTask({ config: config('postgres', []), source: 'service' }, bound);

    // Assert
    expect(result.exportOnly).toContain(`payments.public.${VAULT}`);
  });

  it('fails the run before any export when every table is excluded', async () => {
    // Arrange
    const { deps: bound } = deps('postgres');

    // Act
    const attempt = listTablesTask(
      { config: config('postgres', ['payments', 'refunds', VAULT]), source: 'service' },
      bound,
    );

    // Assert
    await expect(attempt).rejects.toThrow(ExportOnlyError);
  });
});
