import {
  committedTableMetrics,
  dataAsOf,
  freshnessSeconds,
  maskedValues,
  rowCountDifference,
  runStart,
  secondsSince,
} from '../../../lib/core/metrics';

const RUN = '20261123T040000Z';
const AT_RUN_START = Date.parse('2026-11-23T04:00:00Z');

describe('dataAsOf', () => {
  it('is the run start for a snapshot run whose plan predates the snapshot time', () => {
    // Act / Assert
    expect(dataAsOf({ runId: RUN, mode: 'snapshot-export' })).toEqual(new Date(AT_RUN_START));
    expect(dataAsOf({ runId: RUN })).toEqual(new Date(AT_RUN_START));
  });

  it("is a snapshot run's snapshot creation time when the plan carries it (an automated snapshot a day old)", () => {
    // Arrange
    const snapshotTime = '2026-11-22T04:12:41.000Z';

    // Act / Assert
    expect(dataAsOf({ runId: RUN, mode: 'snapshot-export', snapshotTime })).toEqual(new Date(snapshotTime));
    expect(dataAsOf({ runId: RUN, snapshotTime })).toEqual(new Date(snapshotTime));
    expect(freshnessSeconds({ runId: RUN, mode: 'snapshot-export', snapshotTime }, AT_RUN_START)).toBe(
      85_639,
    );
  });

  it('takes no snapshot time for a replica-query or incremental run', () => {
    // Arrange
    const snapshotTime = '2026-11-22T04:12:41.000Z';

    // Act / Assert
    expect(dataAsOf({ runId: RUN, mode: 'replica-query', snapshotTime })).toEqual(new Date(AT_RUN_START));
    expect(dataAsOf({ runId: RUN, mode: 'incremental', window: { through: '1500' }, snapshotTime })).toEqual(
      new Date(AT_RUN_START),
    );
  });

  it('is the run start for a replica-query run', () => {
    // Act / Assert
    expect(dataAsOf({ runId: RUN, mode: 'replica-query' })).toEqual(new Date(AT_RUN_START));
  });

  it("is an incremental run's time watermark, the window's end in UTC", () => {
    // Act
    const asOf = dataAsOf({
      runId: RUN,
      mode: 'incremental',
      window: { through: '2026-11-23 03:59:00.250000' },
    });

    // Assert
    expect(asOf).toEqual(new Date('2026-11-23T03:59:00.250Z'));
  });

  it('is the run start for an integer watermark, which is no time', () => {
    // Act / Assert
    expect(dataAsOf({ runId: RUN, mode: 'incremental', window: { through: '1500' } })).toEqual(
      new Date(AT_RUN_START),
    );
  });
});

describe('freshnessSeconds', () => {
  it('is now − the as-of time, in whole seconds', () => {
    // Arrange
    const now = Date.parse('2026-11-23T05:30:00.900Z');

    // Act / Assert
    expect(freshnessSeconds({ runId: RUN, mode: 'snapshot-export' }, now)).toBe(5400);
    expect(
      freshnessSeconds(
        { runId: RUN, mode: 'incremental', window: { through: '2026-11-23 03:59:00.000000' } },
        now,
      ),
    ).toBe(5460);
  });

  it('is never below 0', () => {
    // Act / Assert
    expect(secondsSince(new Date(AT_RUN_START), AT_RUN_START - 5000)).toBe(0);
  });
});

describe('runStart', () => {
  it('reads the UTC start from a run id and refuses anything else', () => {
    // Act / Assert
    expect(runStart('20261123T030005Z')).toEqual(new Date('2026-11-23T03:00:05Z'));
    expect(() => runStart('2026-11-23')).toThrow(/Invalid run id: received "2026-11-23"/);
  });
});

describe('committedTableMetrics', () => {
  it('holds rows, bytes, run duration, freshness and the row-count check of a commit', () => {
    // Act
    const values = committedTableMetrics(
      { runId: RUN, mode: 'replica-query', expectedRows: 10 },
      { rows: 10, bytes: 2048 },
      AT_RUN_START + 120_000,
    );

    // Assert
    expect(values).toEqual({
      rowsCommitted: 10,
      bytesCommitted: 2048,
      runDurationSeconds: 120,
      freshnessSeconds: 120,
      rowCountDifference: 0,
    });
  });

  it('shows missing rows as a negative difference', () => {
    // Act / Assert
    expect(rowCountDifference(998, 1000)).toBe(-2);
  });
});

describe('maskedValues', () => {
  it('counts the rows × the masked columns of a part', () => {
    // Act / Assert
    expect(
      maskedValues({ columns: [{ mask: { kind: 'hash' } }, {}, { mask: { kind: 'redact' } }] }, 20),
    ).toBe(40);
    expect(maskedValues({ columns: [{}] }, 20)).toBe(0);
  });
});
