import { StaleWindowError } from '../errors';
import type { PlannedWindow } from '../pipeline';

/**
 * Refuses to commit an incremental run whose window no longer follows the committed run: its
 * plan read the watermark of `window.afterRun`, and another run has been committed since (a run
 * that overlapped it, or a zombie retry of an old run), so committing it could show some rows
 * twice. The run the view already shows passes: committing it again changes nothing.
 *
 * @param label the table as `source.table`
 * @param committedRunId the run readers see now; `undefined` before the first commit
 * @throws StaleWindowError when the committed run is neither `window.afterRun` nor `runId`
 * @example
 * ```ts
 * verifyWindowFollows('service.orders', '20261124T030000Z', { through: '4711', afterRun: '20261123T030000Z' }, '20261123T030000Z'); // passes
 * ```
 */
export function verifyWindowFollows(
  label: string,
  runId: string,
  window: PlannedWindow,
  committedRunId: string | undefined,
): void {
  if (committedRunId === runId || committedRunId === window.afterRun) return;
  throw new StaleWindowError({
    table: label,
    runId,
    ...(window.afterRun === undefined ? {} : { plannedAfter: window.afterRun }),
    ...(committedRunId === undefined ? {} : { committedRunId }),
  });
}
