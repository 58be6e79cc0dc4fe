import { ConfigError } from '../../lib/core/errors';
import { parsedConfig, validSource } from '../helpers/configFactory';

describe('source unboundedNumeric', () => {
  it('defaults to string: the exact text, which holds every value a numeric without precision can', () => {
    // Act
    const [source] = parsedConfig().sources;

    // Assert
    expect(source?.unboundedNumeric).toBe('string');
  });

  it.each(['fail', 'decimal(38,0)', 'decimal(38,10)', 'decimal(38,38)'])('takes %s', (choice) => {
    // Act
    const [source] = parsedConfig({ sources: [validSource({ unboundedNumeric: choice })] }).sources;

    // Assert
    expect(source?.unboundedNumeric).toBe(choice);
  });

  it.each(['decimal(38,39)', 'decimal(20,2)', 'decimal', 'double', 'STRING'])(
    'refuses %s, naming the field and the allowed values',
    (choice) => {
      // Act
      const act = () => parsedConfig({ sources: [validSource({ unboundedNumeric: choice })] });

      // Assert
      expect(act).toThrow(ConfigError);
      expect(act).toThrow(
        `sources[0].unboundedNumeric: received "${choice}"; allowed: "string", "fail" or "decimal(38,N)" with N from 0 to 38`,
      );
    },
  );
});
