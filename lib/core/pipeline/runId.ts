import { DataLakeError } from '../errors';

/** A run id: the run's UTC start time, `YYYYMMDDTHHMMSSZ`, sortable as text. */
export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z$/;

/**
 * The run id of a run started at `start`.
 *
 * @example
 * ```ts
 * runIdAt(new Date('2026-11-23T03:00:05.120Z')); // '20261123T030005Z'
 * ```
 */
export function runIdAt(start: Date): string {
  return start
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(/[-:]/g, '');
}

/** Throws unless `value` is a run id, naming what was received. */
export function assertRunId(value: string): string {
  if (!RUN_ID_PATTERN.test(value)) {
    throw new DataLakeError(
      `Invalid run id: received "${value}"; allowed: YYYYMMDDTHHMMSSZ, e.g. 20261123T030005Z`,
    );
  }
  return value;
}
