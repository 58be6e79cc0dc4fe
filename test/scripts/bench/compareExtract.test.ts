import { compareExtract, type ExtractMeasurement } from '../../../scripts/bench/measureExtract';

const ROWS = 1_000_000;

function round(
  mode: ExtractMeasurement['mode'],
  seconds: number,
  extra: Partial<ExtractMeasurement> = {},
): ExtractMeasurement {
  return {
    engine: 'mysql',
    mode,
    rows: ROWS,
    seconds,
    maxRssMb: 300,
    cpuSeconds: seconds,
    cores: 2,
    ...extra,
  };
}

describe('compareExtract', () => {
  it('compares the median of each side over its rounds, with their spread, the largest peak RSS and the CPU floor', () => {
    // Arrange: three rounds a side; the extract kept the machine busy 4 CPU-s a round on 2 cores
    const drivers = [1.2, 1.0, 1.6].map((s) => round('driver', s, { machineCpuSeconds: 2 }));
    const extracts = [2.4, 2.0, 2.2].map((s, i) =>
      round('extract', s, { machineCpuSeconds: 4, maxRssMb: [300, 410, 350][i] ?? 0, planSeconds: 0.3 }),
    );

    // Act
    const comparison = compareExtract(drivers, extracts, ROWS);

    // Assert: medians 1.2 s and 2.2 s
    expect(comparison.ratio).toBeCloseTo(1.2 / 2.2, 10);
    expect(comparison).toMatchObject({
      driverSeconds: 1.2,
      extractSeconds: 2.2,
      extractRssMb: 410,
      ratioMet: false,
      rssMet: true,
    });
    expect(comparison.lines).toEqual([
      'MariaDB (mysql2 stream)',
      '  bare driver   1.20 s  833,333 rows/s  peak RSS 300 MB  (CPU: process 1.20 s, machine 2.00 s; 3 rounds 1.00-1.60 s)',
      '  extractChunk  2.20 s  454,545 rows/s  peak RSS 410 MB  (CPU: process 2.20 s, machine 4.00 s; 3 rounds 2.00-2.40 s)  planning before it: 0.30 s, not timed',
      '  ratio 0.55x (target >= 0.8x: MISSED), peak RSS target <= 512 MB: met',
      '  CPU floor: the machine spent 4.00 CPU-s on 2 cores during the extract, so it cannot take under 2.00 s here (a ratio of at most 0.60x); 0.8x needs at most 3.00 CPU-s',
    ]);
  });

  it('meets the targets at 0.8x and 512 MB exactly, and leaves out the CPU floor where the machine CPU is unknown', () => {
    // Act
    const comparison = compareExtract([round('driver', 1.6)], [round('extract', 2, { maxRssMb: 512 })], ROWS);

    // Assert
    expect(comparison).toMatchObject({ ratioMet: true, rssMet: true });
    expect(comparison.lines).toHaveLength(4);
    expect(comparison.lines[1]).toBe(
      '  bare driver   1.60 s  625,000 rows/s  peak RSS 300 MB  (CPU: process 1.60 s)',
    );
  });

  it('takes the mean of the middle two of an even number of rounds', () => {
    // Act
    const comparison = compareExtract(
      [1, 2].map((s) => round('driver', s)),
      [3, 5].map((s) => round('extract', s)),
      ROWS,
    );

    // Assert
    expect(comparison).toMatchObject({ driverSeconds: 1.5, extractSeconds: 4 });
  });

  it('refuses a round that read another row count, or a side without rounds, naming every round', () => {
    // Act / Assert
    expect(() =>
      compareExtract([round('driver', 1)], [round('extract', 2), round('extract', 2, { rows: 5 })], ROWS),
    ).toThrow('rows read: extract 1000000, 5, driver 1000000; expected 1000000 in every round');
    expect(() => compareExtract([], [round('extract', 2)], ROWS)).toThrow(
      'rows read: extract 1000000, driver none; expected 1000000 in every round',
    );
  });
});
