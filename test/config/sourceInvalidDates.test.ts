import { ConfigError } from '../../lib/core/errors';
import { planTable } from '../../lib/core/pipeline';
import { parsedConfig, validSource } from '../helpers/configFactory';

describe('source invalidDates', () => {
  it('defaults to null: a MySQL zero date lands as NULL, as MySQL’s connectors read it', () => {
    // Act
    const [source] = parsedConfig().sources;

    // Assert
    expect(source?.invalidDates).toBe('null');
  });

  it('takes fail and refuses anything else, naming the field and the allowed values', () => {
    // Act
    const strict = parsedConfig({ sources: [validSource({ invalidDates: 'fail' })] });
    const zero = () => parsedConfig({ sources: [validSource({ invalidDates: 'zero' as never })] });

    // Assert
    expect(strict.sources[0]?.invalidDates).toBe('fail');
    expect(zero).toThrow(ConfigError);
    expect(zero).toThrow(/sources\[0\]\.invalidDates: .*null.*fail/);
  });

  it('travels in every table plan of the source', () => {
    // Arrange
    const source = parsedConfig({ sources: [validSource({ invalidDates: 'fail' })] }).sources[0];
    const table = source?.tables[0];
    if (source === undefined || table === undefined) throw new Error('the valid config has a table');

    // Act
    const plan = planTable({
      source,
      table,
      sourceColumns: ['id', 'email'].map((name) => ({
        name,
        type: { engine: 'mysql', dataType: 'varchar' },
      })),
      runId: '20261123T030005Z',
      expectedRows: 0,
    });

    // Assert
    expect(plan.invalidDates).toBe('fail');
  });
});
