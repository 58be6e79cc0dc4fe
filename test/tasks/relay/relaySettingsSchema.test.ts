import { EnvironmentError } from '../../../lib/core/errors';
import { relaySettingsSchema } from '../../../lib/tasks/relay/relaySettingsSchema';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';

const VALID = {
  KAFKA_BOOTSTRAP_SERVERS: 'b-1.lake.kafka-serverless.eu-west-1.amazonaws.com:9098, b-2.lake:9098',
  KAFKA_TOPIC: 'app.events',
  KAFKA_AUTH: 'iam',
  AWS_REGION: 'eu-west-1',
  STREAM_NAME: 'app-events',
  POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
};

describe('relaySettingsSchema', () => {
  it('reads brokers, topic, auth and region, and defaults the names Lambda and the construct may leave out', () => {
    // Act
    const settings = parseTaskSettings(relaySettingsSchema, VALID);

    // Assert
    expect(settings).toEqual({
      KAFKA_BOOTSTRAP_SERVERS: ['b-1.lake.kafka-serverless.eu-west-1.amazonaws.com:9098', 'b-2.lake:9098'],
      KAFKA_TOPIC: 'app.events',
      KAFKA_AUTH: 'iam',
      AWS_REGION: 'eu-west-1',
      STREAM_NAME: 'app-events',
      POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
      POWERTOOLS_SERVICE_NAME: 'datalake-relay',
      AWS_LAMBDA_FUNCTION_NAME: 'datalake-relay',
    });
  });

  it.each(Object.keys(VALID))('names %s when it is missing', (name) => {
    // Arrange
    const env: Record<string, string | undefined> = { ...VALID, [name]: undefined };

    // Act
    const read = () => parseTaskSettings(relaySettingsSchema, env);

    // Assert
    expect(read).toThrow(EnvironmentError);
    expect(read).toThrow(`Environment variable ${name} is not set; allowed:`);
  });

  it('refuses an auth other than iam or none, naming the value', () => {
    // Act
    const read = () => parseTaskSettings(relaySettingsSchema, { ...VALID, KAFKA_AUTH: 'scram' });

    // Assert
    expect(read).toThrow(
      'Environment variable KAFKA_AUTH is "scram"; allowed: iam (MSK) or none (local mock broker)',
    );
  });

  it('refuses a broker without a port', () => {
    // Act
    const read = () =>
      parseTaskSettings(relaySettingsSchema, {
        ...VALID,
        KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092,localhost',
      });

    // Assert
    expect(read).toThrow(
      /KAFKA_BOOTSTRAP_SERVERS is "127\.0\.0\.1:9092,localhost"; allowed: a comma-separated list of host:port/,
    );
  });
});
