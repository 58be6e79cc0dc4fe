import { assertRunId } from '../pipeline/runId';

/**
 * When a run started, from its run id (`YYYYMMDDTHHMMSSZ`, UTC).
 *
 * @throws DataLakeError when `runId` is not a run id
 * @example
 * ```ts
 * runStart('20261123T030005Z'); // 2026-11-23T03:00:05.000Z
 * ```
 */
export function runStart(runId: string): Date {
  const id = assertRunId(runId);
  return new Date(
    `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}Z`,
  );
}
