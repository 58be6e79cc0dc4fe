import { LAKE_METRICS, sourceDimensions, streamDimensions, tableDimensions } from '../../../lib/core/metrics';
import { metricsNamespace } from '../../../lib/core/naming';

describe('metricsNamespace', () => {
  it('is DataLake/<lake>, one per lake', () => {
    // Act / Assert
    expect(metricsNamespace('marketplace')).toBe('DataLake/marketplace');
  });
});

describe('LAKE_METRICS', () => {
  it('names the metrics the issue asks for, each once', () => {
    // Act
    const names = Object.values(LAKE_METRICS).map((metric) => metric.name);

    // Assert
    expect(names).toEqual([
      'RowsCommitted',
      'BytesCommitted',
      'RunDurationSeconds',
      'FreshnessSeconds',
      'FreshnessPercentOfSlo',
      'RowCountDifference',
      'SchemaChangesRefused',
      'MaskedValues',
      'InvalidValuesNulled',
      'PoisonEvents',
    ]);
  });

  it('keeps poison events per stream, freshness as a share of the SLO per source, every other metric per table', () => {
    // Act
    const scoped = (scope: string) =>
      Object.values(LAKE_METRICS)
        .filter((metric) => metric.scope === scope)
        .map((metric) => metric.name);

    // Assert
    expect(scoped('stream')).toEqual(['PoisonEvents']);
    expect(scoped('source')).toEqual(['FreshnessPercentOfSlo']);
  });
});

describe('metric dimensions', () => {
  it('are the config names: Source and Table, Source, or Stream', () => {
    // Act / Assert
    expect(tableDimensions('service', 'users')).toEqual({ Source: 'service', Table: 'users' });
    expect(sourceDimensions('service')).toEqual({ Source: 'service' });
    expect(streamDimensions('app-events')).toEqual({ Stream: 'app-events' });
  });
});
