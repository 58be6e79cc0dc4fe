import { parseConfig } from '../../lib/config';
import { ConfigError } from '../../lib/core/errors';
import { configWith, validStream } from '../helpers/configFactory';

/** The ConfigError parsing `input` throws. */
function configErrorOf(input: unknown): ConfigError {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

describe('stream config: payload fields and the archive columns', () => {
  it.each([
    ['Event_Id', 'event_id'],
    ['EVENT_NAME', 'event_name'],
    ['payload', 'payload'],
    ['arrival_time', 'arrival_time'],
    ['dt', 'dt'],
    ['Hour', 'hour'],
  ])('refuses payload field %s, the archive column %s', (field, column) => {
    // Arrange
    const input = configWith({ streams: [validStream({ payloadFields: { [field]: 'string' } })] });

    // Act
    const error = configErrorOf(input);

    // Assert
    const issue = error.issues.find((i) => i.path === `streams[0].payloadFields.${field}`);
    expect(issue?.message).toMatch(
      new RegExp(`received "${field}", which is the archive table's own column ${column}`),
    );
  });

  it('accepts payload fields beside the envelope columns', () => {
    // Act
    const config = parseConfig(
      configWith({ streams: [validStream({ payloadFields: { itemId: 'bigint', eventKind: 'string' } })] }),
    );

    // Assert
    expect(config.streams[0]?.payloadFields).toEqual({ itemId: 'bigint', eventKind: 'string' });
  });
});

describe('stream config: public clients', () => {
  it('keeps the stream private (no identity pool) unless publicClients is set', () => {
    // Act
    const config = parseConfig(
      configWith({
        streams: [validStream(), validStream({ name: 'web', kafkaTopic: 'web.events', publicClients: true })],
      }),
    );

    // Assert
    expect(config.streams.map((stream) => stream.publicClients)).toEqual([false, true]);
  });

  it('refuses a publicClients that is not a boolean, naming the field', () => {
    // Act
    const error = configErrorOf(configWith({ streams: [validStream({ publicClients: 'yes' as never })] }));

    // Assert
    expect(error.issues.map((issue) => issue.path)).toEqual(['streams[0].publicClients']);
  });
});
