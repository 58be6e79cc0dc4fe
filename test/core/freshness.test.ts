import {
  DEFAULT_FRESHNESS_SLO_SECONDS,
  durationSeconds,
  freshnessSloSeconds,
} from '../../lib/core/freshness';

describe('durationSeconds', () => {
  it.each([
    ['90m', 5400],
    ['26h', 93_600],
    ['2d', 172_800],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it.each(['1.5h', '0h', '26', 'h', '3w', ' 2d'])('refuses %j', (text) => {
    expect(durationSeconds(text)).toBeUndefined();
  });
});

describe('freshnessSloSeconds', () => {
  it("takes the table's SLO over its source's", () => {
    expect(freshnessSloSeconds({ tableSlo: '90m', sourceSlo: '2d', schedule: 'rate(1 hour)' })).toBe(5400);
  });

  it("takes the source's SLO over the schedule", () => {
    expect(freshnessSloSeconds({ sourceSlo: '2d', schedule: 'rate(1 hour)' })).toBe(172_800);
  });

  it.each([
    ['rate(1 hour)', 7200],
    ['rate(6 hours)', 43_200],
    ['rate(30 minutes)', 3600],
    ['rate(1 day)', 172_800],
  ])('defaults to twice the period of %s', (schedule, seconds) => {
    expect(freshnessSloSeconds({ schedule })).toBe(seconds);
  });

  it('defaults to 26 hours for a cron schedule or none', () => {
    expect(freshnessSloSeconds({ schedule: 'cron(0 3 * * ? *)' })).toBe(DEFAULT_FRESHNESS_SLO_SECONDS);
    expect(freshnessSloSeconds({})).toBe(26 * 3600);
  });

  it('refuses an SLO that is not a duration, naming it', () => {
    expect(() => freshnessSloSeconds({ tableSlo: '1 day' })).toThrow(/freshnessSlo received "1 day"/);
  });
});
