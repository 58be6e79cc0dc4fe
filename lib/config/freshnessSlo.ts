import * as z from 'zod';
import { durationSeconds } from '../core/freshness/durationSeconds';
import { freshnessSloSeconds } from '../core/freshness/freshnessSloSeconds';
import { patternString } from './patternString';

/** How old a table's newest queryable data may get: whole minutes, hours or days, e.g. "90m", "26h", "2d". */
export const freshnessSloSchema = patternString(
  /^[1-9]\d*(m|h|d)$/,
  'a duration: a whole number then m, h or d, e.g. "90m", "26h", "2d"',
);

/**
 * The seconds validation derives from `freshnessSlo` and the schedule. A validated config carries
 * it and must parse again unchanged (the Lambdas and local mode receive it as JSON), so the key is
 * allowed on input; {@link checkDerivedFreshness} refuses a value that disagrees with its sources.
 */
export const derivedFreshnessSecondsSchema = z
  .int()
  .min(1)
  .optional()
  .describe('Filled in by validation from freshnessSlo and the schedule; write freshnessSlo instead.');

/** The parts of a source that {@link checkDerivedFreshness} reads. */
interface FreshnessOfSource {
  readonly schedule?: string;
  readonly freshnessSlo?: string;
  readonly freshnessSloSeconds?: number;
  readonly tables: readonly { readonly freshnessSlo?: string; readonly freshnessSloSeconds?: number }[];
}

/** Refuses a written `freshnessSloSeconds` (source or table) other than the one validation derives. */
export function checkDerivedFreshness(source: FreshnessOfSource, ctx: z.RefinementCtx): void {
  const valid = (slo: string | undefined) => slo === undefined || durationSeconds(slo) !== undefined;
  // A malformed freshnessSlo already has its own issue; nothing can be derived from it.
  if (!valid(source.freshnessSlo) || !source.tables.every((table) => valid(table.freshnessSlo))) return;
  const check = (path: (string | number)[], written: number | undefined, derived: number) => {
    if (written === undefined || written === derived) return;
    ctx.addIssue({
      code: 'custom',
      path,
      message: `received ${written}, but freshnessSlo and the schedule give ${derived}; allowed: leave it out and write freshnessSlo`,
    });
  };
  const { schedule, freshnessSlo: sourceSlo } = source;
  check(['freshnessSloSeconds'], source.freshnessSloSeconds, freshnessSloSeconds({ sourceSlo, schedule }));
  source.tables.forEach((table, index) => {
    const derived = freshnessSloSeconds({ tableSlo: table.freshnessSlo, sourceSlo, schedule });
    check(['tables', index, 'freshnessSloSeconds'], table.freshnessSloSeconds, derived);
  });
}
