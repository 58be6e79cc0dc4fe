import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { ConfigError } from '../../lib/core/errors';
import { validConfig, validSource } from '../helpers/configFactory';

describe('sources[].timeouts', () => {
  it('defaults to 10 s to connect, 540 s per statement and 120 s of silence', () => {
    // Act
    const config = parseConfig(validConfig());

    // Assert
    expect(config.sources[0]?.timeouts).toEqual({
      connectSeconds: 10,
      statementSeconds: 540,
      idleSeconds: 120,
    });
  });

  it('takes each key alone, the others keeping their defaults', () => {
    // Act
    const config = parseConfig(validConfig({ sources: [validSource({ timeouts: { idleSeconds: 30 } })] }));

    // Assert
    expect(config.sources[0]?.timeouts).toEqual({
      connectSeconds: 10,
      statementSeconds: 540,
      idleSeconds: 30,
    });
  });

  it.each([
    ['statementSeconds', 600, /sources\[0\]\.timeouts\.statementSeconds/],
    ['connectSeconds', 0, /sources\[0\]\.timeouts\.connectSeconds/],
    ['idleSeconds', 1.5, /sources\[0\]\.timeouts\.idleSeconds/],
    ['readSeconds', 5, /sources\[0\]\.timeouts/],
  ])('refuses %s: %s, naming the field', (key, value, path) => {
    // Act: a statement past the replica plan's 600 s Lambda timeout would be stopped with no error of its own.
    const act = () => parseConfig(validConfig({ sources: [validSource({ timeouts: { [key]: value } })] }));

    // Assert
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(path);
  });

  it('is documented in the JSON Schema (npm run schema)', () => {
    // Arrange
    const schema = JSON.parse(
      readFileSync(join(__dirname, '../../schema/datalake-config.schema.json'), 'utf8'),
    ) as { properties: { sources: { items: { properties: { timeouts: { properties: object } } } } } };

    // Assert
    expect(Object.keys(schema.properties.sources.items.properties.timeouts.properties)).toEqual([
      'connectSeconds',
      'statementSeconds',
      'idleSeconds',
    ]);
  });
});
