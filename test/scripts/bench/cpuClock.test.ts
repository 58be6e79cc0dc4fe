import { cpuSince, readCpuClock } from '../../../scripts/bench/cpuClock';

describe('cpuSince', () => {
  it("counts this process's CPU and at least as much of the whole machine's while it computes", () => {
    // Arrange
    const start = readCpuClock();
    const until = Date.now() + 300;
    let spin = 0;

    // Act: keep one core busy for 300 ms
    while (Date.now() < until) spin += 1;
    const used = cpuSince(start);

    // Assert: the machine's count is in 10 ms ticks, so allow one tick either side of this process's
    expect(spin).toBeGreaterThan(0);
    expect(used.processSeconds).toBeGreaterThan(0.25);
    expect(used.processSeconds).toBeLessThan(1);
    expect(used.machineSeconds).toBeGreaterThanOrEqual(used.processSeconds - 0.02);
  });
});
