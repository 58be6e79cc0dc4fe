import { RUN_ID_PARAMETER, WATERMARK_PARAMETER } from './commitParameters';

/** An incremental table's committed state: the run readers see and where its window ended. */
export interface CommittedWatermark {
  /** The run readers see. */
  readonly runId: string;
  /**
   * The end of the committed windows: the next run reads after it.
   *
   * @default - nothing read yet: the next window has no lower bound
   */
  readonly value?: string;
}

/**
 * Where the next incremental run of a table starts, from what its commit recorded: the run and
 * the watermark in the parameters of the table's view (see `runSwitchParameters`), which one
 * catalog call switches together. A table committed before windows were recorded in the commit
 * has the run only; its watermark is then the stored one that run advanced (`legacy`, kept only
 * when it names that run).
 *
 * @param parameters the parameters of the table's view (or of the table an earlier version of the
 *   lake committed); `undefined` when there is none
 * @param legacy the watermark object of `_watermarks/`; @default - none
 * @returns `undefined` when no run is committed
 * @example
 * ```ts
 * committedWatermark({ datalake_run_id: '20261123T030000Z', datalake_watermark: '4711' });
 * // { runId: '20261123T030000Z', value: '4711' }
 * ```
 */
export function committedWatermark(
  parameters: Readonly<Record<string, string>> | undefined,
  legacy?: { readonly value: string; readonly runId: string },
): CommittedWatermark | undefined {
  const runId = parameters?.[RUN_ID_PARAMETER];
  if (runId === undefined) return undefined;
  const value = parameters?.[WATERMARK_PARAMETER] ?? (legacy?.runId === runId ? legacy.value : undefined);
  return value === undefined ? { runId } : { runId, value };
}
