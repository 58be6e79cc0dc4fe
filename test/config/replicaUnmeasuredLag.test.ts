import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { ConfigError } from '../../lib/core/errors';
import { validConfig, validSource } from '../helpers/configFactory';

describe('sources[].replica.unmeasuredLag', () => {
  it('defaults to fail: a lag the check cannot measure never passes silently', () => {
    // Act
    const config = parseConfig(validConfig());

    // Assert
    expect(config.sources[0]?.replica.unmeasuredLag).toBe('fail');
  });

  it('takes warn', () => {
    // Act
    const config = parseConfig(
      validConfig({ sources: [validSource({ replica: { unmeasuredLag: 'warn' } })] }),
    );

    // Assert
    expect(config.sources[0]?.replica.unmeasuredLag).toBe('warn');
  });

  it('refuses any other value, naming the field', () => {
    // Act
    const act = () =>
      parseConfig(
        validConfig({ sources: [validSource({ replica: { unmeasuredLag: 'ignore' as 'warn' } })] }),
      );

    // Assert
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/sources\[0\]\.replica\.unmeasuredLag/);
  });

  it('is documented in the JSON Schema (npm run schema)', () => {
    // Arrange
    const schema = readFileSync(join(__dirname, '../../schema/datalake-config.schema.json'), 'utf8');

    // Assert
    expect(schema).toContain('"unmeasuredLag"');
  });
});
