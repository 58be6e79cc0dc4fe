import { durationSeconds } from './durationSeconds';

/** The SLO of a table whose runs have no fixed period (no schedule, or a cron): a daily run plus two hours of slack. */
export const DEFAULT_FRESHNESS_SLO_SECONDS = 26 * 3600;

const RATE = /^rate\((\d+) (minute|hour|day)s?\)$/;
const RATE_UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

/** What a table's freshness SLO is derived from. */
export interface FreshnessSloInputs {
  /** The table's own `freshnessSlo` (a duration such as `"26h"`), if written. */
  readonly tableSlo?: string;
  /** Its source's `freshnessSlo`, the default of the source's tables, if written. */
  readonly sourceSlo?: string;
  /** The source pipeline's EventBridge schedule expression, if it has one. */
  readonly schedule?: string;
}

/**
 * How old (in seconds) a table's newest queryable data may get before its freshness alarm fires:
 * the table's `freshnessSlo`, else its source's, else twice the schedule's period for a
 * `rate(...)` schedule (one run may be missed), else {@link DEFAULT_FRESHNESS_SLO_SECONDS}
 * (a cron has no single period; with no schedule runs start by hand).
 *
 * @throws Error when a given SLO is not a duration (the config schema rejects those first)
 * @example
 * ```ts
 * freshnessSloSeconds({ schedule: 'rate(6 hours)' }); // 43200
 * freshnessSloSeconds({ sourceSlo: '2d', schedule: 'rate(6 hours)' }); // 172800
 * freshnessSloSeconds({ schedule: 'cron(0 3 * * ? *)' }); // 93600
 * ```
 */
export function freshnessSloSeconds(inputs: FreshnessSloInputs): number {
  const written = inputs.tableSlo ?? inputs.sourceSlo;
  if (written !== undefined) {
    const seconds = durationSeconds(written);
    if (seconds === undefined) {
      throw new Error(`freshnessSlo received "${written}"; allowed: a duration such as "90m", "26h" or "2d"`);
    }
    return seconds;
  }
  const rate = inputs.schedule === undefined ? null : RATE.exec(inputs.schedule);
  if (rate) return 2 * Number(rate[1]) * RATE_UNIT_SECONDS[rate[2]];
  return DEFAULT_FRESHNESS_SLO_SECONDS;
}
