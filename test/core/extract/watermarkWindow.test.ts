import { DEFAULT_SAFETY_LAG_SECONDS, watermarkWindow } from '../../../lib/core/extract';

const runStart = new Date('2026-11-23T04:00:00.250Z');

describe('watermarkWindow', () => {
  it('ends a time window the default safety lag before the run start, in UTC', () => {
    // Act
    const window = watermarkWindow({ column: 'updated_at', kind: 'time', runStart });

    // Assert
    expect([DEFAULT_SAFETY_LAG_SECONDS, window]).toEqual([
      60,
      { column: 'updated_at', kind: 'time', through: '2026-11-23 03:59:00.250000' },
    ]);
  });

  it('starts after the last committed watermark', () => {
    // Act
    const window = watermarkWindow({
      column: 'updated_at',
      kind: 'time',
      last: '2026-11-22 03:59:00.250000',
      runStart,
      safetyLagSeconds: 0,
    });

    // Assert
    expect(window).toEqual({
      column: 'updated_at',
      kind: 'time',
      after: '2026-11-22 03:59:00.250000',
      through: '2026-11-23 04:00:00.250000',
    });
  });

  it('ends an integer window at the highest value at plan time', () => {
    // Act
    const window = watermarkWindow({
      column: 'id',
      kind: 'integer',
      last: '100',
      runStart,
      integerMax: '250',
    });

    // Assert
    expect(window).toEqual({ column: 'id', kind: 'integer', after: '100', through: '250' });
  });

  it('has no window for an empty table with no stored watermark', () => {
    // Act / Assert
    expect(watermarkWindow({ column: 'id', kind: 'integer', runStart, integerMax: null })).toBeUndefined();
  });

  it('refuses a negative safety lag', () => {
    // Act / Assert
    expect(() => watermarkWindow({ column: 'u', kind: 'time', runStart, safetyLagSeconds: -1 })).toThrow(
      /Invalid safetyLagSeconds: received -1/,
    );
  });
});
