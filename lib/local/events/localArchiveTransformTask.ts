import type { FirehoseTransformationResult } from 'aws-lambda';
import type { ArchiveTransformFailure } from '../../core/events';
import { archiveTransformTask } from '../../tasks/archiveTransform/archiveTransformTask';
import { type BoundTask, bindTask } from '../../tasks/Task';

/** What the local archive transform reports besides its answer. */
export interface LocalArchiveTransformHooks {
  /** Called with each record the transform refuses and why (what the Lambda logs). */
  onRefused(failure: ArchiveTransformFailure): void;
}

/**
 * The archive transform Lambda's task (`archiveTransformTask`) bound to a stream's payload
 * fields, the refused records it logs reported to `hooks`, which local mode writes beside the
 * records as Firehose's error prefix would hold them.
 *
 * @example
 * ```ts
 * const transform = localArchiveTransformTask(stream, { onRefused: (f) => failures.push(f) });
 * const { records } = await transform({ records });
 * ```
 */
export function localArchiveTransformTask(
  stream: { readonly payloadFields?: Readonly<Record<string, string>> },
  hooks: LocalArchiveTransformHooks,
): BoundTask<FirehoseTransformationResult> {
  return bindTask(archiveTransformTask, {
    settings: { ARCHIVE_PAYLOAD_FIELDS: { ...stream.payloadFields } },
    logger: {
      warn: (_message, extra) =>
        hooks.onRefused({ recordId: String(extra.recordId), reason: String(extra.reason) }),
    },
  });
}
