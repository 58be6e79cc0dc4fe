import { relaySettingsFromEnv } from '../../../lib/adapters/kafka';
import { EnvironmentError } from '../../../lib/core/errors';

const VARIABLES = ['KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_TOPIC', 'KAFKA_AUTH', 'AWS_REGION'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

function setEnv(values: Partial<Record<(typeof VARIABLES)[number], string>>): void {
  for (const name of VARIABLES) {
    if (values[name] === undefined) delete process.env[name];
    else process.env[name] = values[name];
  }
}

const valid = {
  KAFKA_BOOTSTRAP_SERVERS: 'b-1.lake.kafka-serverless.eu-west-1.amazonaws.com:9098, b-2.lake:9098',
  KAFKA_TOPIC: 'app.events',
  KAFKA_AUTH: 'iam',
  AWS_REGION: 'eu-west-1',
};

afterEach(() => setEnv(saved));

describe('relaySettingsFromEnv', () => {
  it('reads brokers, topic, auth and region', () => {
    // Arrange
    setEnv(valid);

    // Act
    const settings = relaySettingsFromEnv();

    // Assert
    expect(settings).toEqual({
      brokers: ['b-1.lake.kafka-serverless.eu-west-1.amazonaws.com:9098', 'b-2.lake:9098'],
      topic: 'app.events',
      auth: 'iam',
      region: 'eu-west-1',
    });
  });

  it.each(VARIABLES)('names %s when it is missing', (name) => {
    // Arrange
    setEnv({ ...valid, [name]: undefined });

    // Act
    const read = () => relaySettingsFromEnv();

    // Assert
    expect(read).toThrow(EnvironmentError);
    expect(read).toThrow(`Environment variable ${name} is not set`);
  });

  it('refuses an auth other than iam or none, naming the value', () => {
    // Arrange
    setEnv({ ...valid, KAFKA_AUTH: 'scram' });

    // Act
    const read = () => relaySettingsFromEnv();

    // Assert
    expect(read).toThrow(
      'Environment variable KAFKA_AUTH is "scram"; allowed: iam (MSK) or none (local mock broker)',
    );
  });

  it('refuses a broker without a port', () => {
    // Arrange
    setEnv({ ...valid, KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092,localhost' });

    // Act
    const read = () => relaySettingsFromEnv();

    // Assert
    expect(read).toThrow(
      /KAFKA_BOOTSTRAP_SERVERS is "127\.0\.0\.1:9092,localhost"; allowed: a comma-separated list of host:port/,
    );
  });
});
