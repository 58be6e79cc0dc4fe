import { committedAsOf, tableFreshness } from '../../../lib/core/status';

describe('committedAsOf', () => {
  it('is the committed run’s start for a view without a watermark', () => {
    // Act
    const asOf = committedAsOf({
      datalake_run_id: '20261123T030005Z',
      datalake_previous_run_id: '20261122T030005Z',
    });

    // Assert
    expect(asOf).toEqual({ runId: '20261123T030005Z', asOf: new Date('2026-11-23T03:00:05Z') });
  });

  it('is an incremental table’s committed window end when its watermark is a time', () => {
    // Act
    const asOf = committedAsOf({
      datalake_run_id: '20261123T040000Z',
      datalake_watermark: '2026-11-23 03:59:00.000000',
    });

    // Assert
    expect(asOf?.asOf).toEqual(new Date('2026-11-23T03:59:00Z'));
  });

  it('is a snapshot table’s snapshot creation time when its view records one', () => {
    // Act
    const asOf = committedAsOf({
      datalake_run_id: '20261123T030005Z',
      datalake_snapshot_time: '2026-11-22T03:10:41.000Z',
    });

    // Assert: the newest automated snapshot is a day older than the run
    expect(asOf).toEqual({ runId: '20261123T030005Z', asOf: new Date('2026-11-22T03:10:41.000Z') });
  });

  it('is the run’s start when the recorded snapshot time does not parse', () => {
    // Act
    const asOf = committedAsOf({ datalake_run_id: '20261123T030005Z', datalake_snapshot_time: 'yesterday' });

    // Assert
    expect(asOf?.asOf).toEqual(new Date('2026-11-23T03:00:05Z'));
  });

  it('is the run’s start when the watermark is an integer', () => {
    // Act
    const asOf = committedAsOf({ datalake_run_id: '20261123T040000Z', datalake_watermark: '4711' });

    // Assert
    expect(asOf?.asOf).toEqual(new Date('2026-11-23T04:00:00Z'));
  });

  it('is undefined for a view no commit switched (no or a foreign run id)', () => {
    // Act / Assert
    expect(committedAsOf({})).toBeUndefined();
    expect(committedAsOf(undefined)).toBeUndefined();
    expect(committedAsOf({ datalake_run_id: 'yesterday' })).toBeUndefined();
  });
});

describe('tableFreshness', () => {
  const committed = { runId: '20261123T030000Z', asOf: new Date('2026-11-23T03:00:00Z') };

  it('is within the SLO up to and including the SLO’s age', () => {
    // Act
    const fresh = tableFreshness(committed, 3600, new Date('2026-11-23T04:00:00Z'));

    // Assert
    expect(fresh).toEqual({ ...committed, ageSeconds: 3600, sloSeconds: 3600, withinSlo: true });
  });

  it('is stale one second past the SLO', () => {
    // Act
    const fresh = tableFreshness(committed, 3600, new Date('2026-11-23T04:00:01Z'));

    // Assert
    expect(fresh.withinSlo).toBe(false);
  });
});
