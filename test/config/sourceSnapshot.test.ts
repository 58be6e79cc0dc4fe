import { ConfigError } from '../../lib/core/errors';
import { parsedConfig, validSource } from '../helpers/configFactory';

describe('source snapshot', () => {
  it('defaults to exporting the latest automated snapshot: no manual snapshot of production', () => {
    // Act
    const [source] = parsedConfig().sources;

    // Assert
    expect(source?.snapshot).toBe('latest-automated');
  });

  it('takes fresh-manual and refuses anything else, naming the field and the allowed values', () => {
    // Act
    const fresh = parsedConfig({ sources: [validSource({ snapshot: 'fresh-manual' })] });
    const weekly = () => parsedConfig({ sources: [validSource({ snapshot: 'weekly' as never })] });

    // Assert
    expect(fresh.sources[0]?.snapshot).toBe('fresh-manual');
    expect(weekly).toThrow(ConfigError);
    expect(weekly).toThrow(/sources\[0\]\.snapshot: .*latest-automated.*fresh-manual/);
  });
});
