import { parseConfig } from '../../lib/config';
import { ConfigError } from '../../lib/core/errors';
import { validConfig } from '../helpers/configFactory';

describe('storage.curatedRunsToKeep', () => {
  it('defaults to 2 runs', () => {
    // Act
    const config = parseConfig(validConfig());

    // Assert
    expect(config.storage.curatedRunsToKeep).toBe(2);
  });

  it('takes any integer of at least 1', () => {
    // Act
    const config = parseConfig(validConfig({ storage: { curatedRunsToKeep: 1 } }));

    // Assert
    expect(config.storage.curatedRunsToKeep).toBe(1);
  });

  it.each([0, 1.5])('refuses %s, naming the field', (value) => {
    // Act / Assert
    expect(() => parseConfig(validConfig({ storage: { curatedRunsToKeep: value } }))).toThrow(ConfigError);
    expect(() => parseConfig(validConfig({ storage: { curatedRunsToKeep: value } }))).toThrow(
      /storage\.curatedRunsToKeep: /,
    );
  });
});
