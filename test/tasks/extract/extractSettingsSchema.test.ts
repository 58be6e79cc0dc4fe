import { EnvironmentError } from '../../../lib/core/errors';
import { extractSettingsSchema } from '../../../lib/tasks/extract/extractSettingsSchema';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';

const VALID = {
  REPLICA_ENGINE: 'mysql',
  REPLICA_PORT: '3306',
  REPLICA_DATABASE: 'marketplace',
  REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
  REPLICA_STATEMENT_TIMEOUT_SECONDS: '540',
  REPLICA_IDLE_TIMEOUT_SECONDS: '120',
  CREDENTIALS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
  MASKING_SALT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake/salt-AbCdEf',
  CURATED_BUCKET: 'curated',
  POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
};

describe('extractSettingsSchema', () => {
  it('reads how to reach a replica, the salt secret and the curated bucket', () => {
    // Act
    const settings = parseTaskSettings(extractSettingsSchema, VALID);

    // Assert
    expect(settings).toEqual({
      ...VALID,
      REPLICA_PORT: 3306,
      REPLICA_CONNECT_TIMEOUT_SECONDS: 10,
      REPLICA_STATEMENT_TIMEOUT_SECONDS: 540,
      REPLICA_IDLE_TIMEOUT_SECONDS: 120,
    });
  });

  it.each(Object.keys(VALID))('names %s when it is missing', (name) => {
    // Act
    const attempt = () => parseTaskSettings(extractSettingsSchema, { ...VALID, [name]: undefined });

    // Assert
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(`Environment variable ${name} is not set; allowed:`);
  });

  it.each([
    ['REPLICA_ENGINE', 'pg', 'allowed: mysql or postgres'],
    ['REPLICA_PORT', '70000', 'allowed: a port number from 1 to 65535'],
    [
      'REPLICA_CONNECT_TIMEOUT_SECONDS',
      '0',
      'allowed: a whole number of seconds from 1 (config timeouts.connectSeconds)',
    ],
    [
      'REPLICA_IDLE_TIMEOUT_SECONDS',
      '1.5',
      'allowed: a whole number of seconds from 1 (config timeouts.idleSeconds)',
    ],
  ])('refuses %s "%s", naming the variable', (name, value, allowed) => {
    // Act
    const attempt = () => parseTaskSettings(extractSettingsSchema, { ...VALID, [name]: value });

    // Assert
    expect(attempt).toThrow(`Environment variable ${name} is "${value}"; ${allowed}`);
  });
});
