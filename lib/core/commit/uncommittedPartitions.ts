import type { CatalogPartition } from './CatalogTable';

/** The run id of a deltas table's partition: its last value (the `run` key). */
function runOf(partition: CatalogPartition): string {
  return partition.values[partition.values.length - 1] ?? '';
}

/**
 * The partitions of a deltas table that belong to no committed run and not to `runId`: runs
 * newer than the committed one whose commit failed after registering some partitions. Their rows
 * are read again by a later run (the watermark did not move), so they must go before the view's
 * `run <= <runId>` bound covers them. Readers never saw them: the view's bound was below them.
 *
 * @param partitions the deltas table's partitions (last value: the run id)
 * @param committedRunId the run the view shows now; `undefined` before the first commit
 * @example
 * ```ts
 * uncommittedPartitions([{ values: ['20261101T000000Z'], location: a }, { values: ['20261102T000000Z'], location: b }], '20261101T000000Z', '20261103T000000Z');
 * // [{ values: ['20261102T000000Z'], location: b }]
 * ```
 */
export function uncommittedPartitions(
  partitions: readonly CatalogPartition[],
  committedRunId: string | undefined,
  runId: string,
): CatalogPartition[] {
  return partitions.filter((partition) => {
    const run = runOf(partition);
    return run !== runId && (committedRunId === undefined || run > committedRunId);
  });
}
