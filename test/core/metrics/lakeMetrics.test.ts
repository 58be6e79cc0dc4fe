import { LAKE_METRICS, streamDimensions, tableDimensions } from '../../../lib/core/metrics';
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
      'RowCountDifference',
      'SchemaChangesRefused',
      'MaskedValues',
      'InvalidValuesNulled',
      'PoisonEvents',
    ]);
  });

  it('keeps poison events per stream and every other metric per table', () => {
    // Act
    const streamMetrics = Object.values(LAKE_METRICS).filter((metric) => metric.scope === 'stream');

    // Assert
    expect(streamMetrics.map((metric) => metric.name)).toEqual(['PoisonEvents']);
  });
});

describe('metric dimensions', () => {
  it('are the config names: Source and Table, or Stream', () => {
    // Act / Assert
    expect(tableDimensions('service', 'users')).toEqual({ Source: 'service', Table: 'users' });
    expect(streamDimensions('app-events')).toEqual({ Stream: 'app-events' });
  });
});
