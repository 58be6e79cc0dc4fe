import { curatedPartMetrics } from '../../../lib/core/metrics';

describe('curatedPartMetrics', () => {
  it('counts masked values (rows × masked columns) and the invalid values the part landed as NULL', () => {
    // Act
    const metrics = curatedPartMetrics(
      { columns: [{ mask: { kind: 'hash' } }, {}, { mask: { kind: 'redact' } }] },
      { rows: 20, invalidValuesNulled: { born: 2, updated_at: 1 } },
    );

    // Assert
    expect(metrics).toEqual({ maskedValues: 40, invalidValuesNulled: 3 });
  });

  it('counts no invalid values for a part that recorded none', () => {
    expect(curatedPartMetrics({ columns: [] }, { rows: 5 })).toEqual({
      maskedValues: 0,
      invalidValuesNulled: 0,
    });
  });
});
