import { EnvironmentError } from '../../../lib/core/errors';
import { replicaPlanSettingsSchema } from '../../../lib/tasks/replicaPlan/replicaPlanSettingsSchema';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';

const VALID = {
  REPLICA_ENGINE: 'postgres',
  REPLICA_PORT: '5432',
  REPLICA_DATABASE: 'marketplace',
  REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
  REPLICA_STATEMENT_TIMEOUT_SECONDS: '540',
  REPLICA_IDLE_TIMEOUT_SECONDS: '120',
  CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
  REPLICA_HOSTS: 'r1.example, r2.example',
  REPLICA_UNMEASURED_LAG: 'fail',
  GLUE_DATABASE: 'lake_service',
  CURATED_BUCKET: 'curated',
  REPLICA_RUNS_BUCKET: 'raw',
};

const read = (env: Record<string, string | undefined>) => () =>
  parseTaskSettings(replicaPlanSettingsSchema, env);

describe('replicaPlanSettingsSchema', () => {
  it('reads the replicas, the lag policy and the stores, the lists split and the port a number', () => {
    // Act
    const settings = parseTaskSettings(replicaPlanSettingsSchema, {
      ...VALID,
      REPLICA_AURORA_INSTANCES: 'lake-reader-1,lake-reader-2',
    });

    // Assert
    expect(settings).toEqual({
      ...VALID,
      REPLICA_PORT: 5432,
      REPLICA_CONNECT_TIMEOUT_SECONDS: 10,
      REPLICA_STATEMENT_TIMEOUT_SECONDS: 540,
      REPLICA_IDLE_TIMEOUT_SECONDS: 120,
      REPLICA_HOSTS: ['r1.example', 'r2.example'],
      REPLICA_AURORA_INSTANCES: ['lake-reader-1', 'lake-reader-2'],
    });
  });

  it('leaves the Aurora instances out for RDS instance replicas', () => {
    // Act
    const settings = parseTaskSettings(replicaPlanSettingsSchema, VALID);

    // Assert
    expect(settings.REPLICA_AURORA_INSTANCES).toBeUndefined();
  });

  it.each(Object.keys(VALID))('names %s when it is missing', (name) => {
    // Act
    const attempt = read({ ...VALID, [name]: undefined });

    // Assert
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(`Environment variable ${name} is not set; allowed:`);
  });

  it.each([
    ['REPLICA_ENGINE', 'mariadb', 'allowed: mysql or postgres'],
    ['REPLICA_ENGINE', 'Postgres', 'allowed: mysql or postgres'],
    ['REPLICA_PORT', '0', 'allowed: a port number from 1 to 65535'],
    ['REPLICA_PORT', '65536', 'allowed: a port number from 1 to 65535'],
    ['REPLICA_PORT', '3306x', 'allowed: a port number from 1 to 65535'],
    ['REPLICA_PORT', '5432.5', 'allowed: a port number from 1 to 65535'],
    ['REPLICA_HOSTS', ' , ', 'allowed: a comma-separated list of one or more hosts'],
    ['REPLICA_UNMEASURED_LAG', 'warning', 'allowed: fail or warn (config replica.unmeasuredLag)'],
    [
      'REPLICA_AURORA_INSTANCES',
      ',',
      'allowed: a comma-separated list of one or more DB instance identifiers',
    ],
    ['CREDENTIALS_SECRET_ARN', 'service-reader', 'allowed: a Secrets Manager secret ARN'],
  ])('refuses %s "%s", naming the variable, the value and what is allowed', (name, value, allowed) => {
    // Act
    const attempt = read({ ...VALID, [name]: value });

    // Assert
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(`Environment variable ${name} is "${value}"; ${allowed}`);
  });
});
