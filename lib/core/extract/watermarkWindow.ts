import { DataLakeError } from '../errors';
import { DEFAULT_SAFETY_LAG_SECONDS } from './DEFAULT_SAFETY_LAG_SECONDS';
import type { WatermarkKind, WatermarkWindow } from './ExtractChunk';

/** What {@link watermarkWindow} decides from. */
export interface WatermarkWindowInput {
  readonly column: string;
  readonly kind: WatermarkKind;
  /** The last committed watermark. @default - first run: no lower bound */
  readonly last?: string;
  /** When the run started; a time window ends `safetyLagSeconds` before it. */
  readonly runStart: Date;
  /** @default DEFAULT_SAFETY_LAG_SECONDS (60) */
  readonly safetyLagSeconds?: number;
  /** An integer watermark's highest value at plan time (`MAX(column)`), `null` for an empty table. */
  readonly integerMax?: string | null;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC: the text both engines compare with a date/time column in a UTC session. */
function utcText(instant: Date): string {
  return `${instant.toISOString().slice(0, 23).replace('T', ' ')}000`;
}

/**
 * The incremental window of a run: `column > last AND column <= through`, where `through` is the
 * run start minus the safety lag (UTC) for a time watermark, or the column's highest value at plan
 * time for an integer one. Returns `undefined` when an integer watermark has no value yet and none
 * is stored (an empty table's first run): there is nothing to read and nothing to advance.
 *
 * Polling a watermark cannot see hard deletes, nor rows changed without moving their watermark
 * (an UPDATE that leaves `updated_at` alone, a bulk fix with the trigger off); an integer id sees
 * inserts only. Change data capture (binlog / logical replication) is what sees those.
 *
 * @throws DataLakeError for a negative or non-integer safety lag
 * @example
 * ```ts
 * watermarkWindow({ column: 'updated_at', kind: 'time', last: '2026-11-22 03:59:00.000000', runStart: new Date('2026-11-23T04:00:00Z') });
 * // { column: 'updated_at', kind: 'time', after: '2026-11-22 03:59:00.000000', through: '2026-11-23 03:59:00.000000' }
 * ```
 */
export function watermarkWindow(input: WatermarkWindowInput): WatermarkWindow | undefined {
  const lag = input.safetyLagSeconds ?? DEFAULT_SAFETY_LAG_SECONDS;
  if (!Number.isInteger(lag) || lag < 0) {
    throw new DataLakeError(
      `Invalid safetyLagSeconds: received ${lag}; allowed: an integer number of seconds, 0 or more`,
    );
  }
  const after = input.last === undefined ? {} : { after: input.last };
  if (input.kind === 'time') {
    const through = utcText(new Date(input.runStart.getTime() - lag * 1000));
    return { column: input.column, kind: 'time', ...after, through };
  }
  const through = input.integerMax ?? input.last;
  return through == null ? undefined : { column: input.column, kind: 'integer', ...after, through };
}
