import { committedSourceMetrics } from '../../../lib/core/metrics';

describe('committedSourceMetrics', () => {
  it('is the freshness as a percentage of the table’s SLO, two decimals', () => {
    // Act
    const metrics = committedSourceMetrics(
      { runId: '20261123T030000Z', mode: 'replica-query', freshnessSloSeconds: 3600 },
      Date.parse('2026-11-23T03:45:00Z'),
    );

    // Assert
    expect(metrics).toEqual({ freshnessPercentOfSlo: 75 });
  });

  it('passes 100 once the data is older than the SLO, measured from an incremental table’s window end', () => {
    // Act
    const metrics = committedSourceMetrics(
      {
        runId: '20261123T040000Z',
        mode: 'incremental',
        window: { through: '2026-11-23 01:00:00.000000' },
        freshnessSloSeconds: 3 * 3600,
      },
      Date.parse('2026-11-23T04:20:00Z'),
    );

    // Assert
    expect(metrics).toEqual({ freshnessPercentOfSlo: 111.11 });
  });

  it('is empty for a plan made before plans carried an SLO', () => {
    expect(committedSourceMetrics({ runId: '20261123T030000Z', mode: 'replica-query' }, Date.now())).toEqual(
      {},
    );
  });
});
