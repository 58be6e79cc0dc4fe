import { EventEnvelopeError } from '../errors';
import type { ArchiveStream } from './archiveColumns';
import { archiveRow } from './archiveRow';

/** One record of a Firehose transformation event whose source is a Kinesis stream. */
export interface ArchiveTransformInput {
  readonly recordId: string;
  /** The Kinesis record's data, base64. */
  readonly data: string;
  /** When Firehose received the record, epoch milliseconds. */
  readonly approximateArrivalTimestamp: number;
  /** Where the record came from in Kinesis; absent when something other than Kinesis feeds Firehose. */
  readonly kinesisRecordMetadata?: {
    readonly partitionKey: string;
    /** When Kinesis received the record, epoch milliseconds. */
    readonly approximateArrivalTimestamp: number;
  };
}

/** One record of the answer to Firehose: the archive row, or the original data marked failed. */
export interface ArchiveTransformOutput {
  readonly recordId: string;
  readonly result: 'Ok' | 'ProcessingFailed';
  /** Base64: the archive row as one JSON line, or the original data of a failed record. */
  readonly data: string;
}

/** Why one record could not be archived. */
export interface ArchiveTransformFailure {
  readonly recordId: string;
  readonly reason: string;
}

/**
 * Turns the records of a Firehose transformation event into archive rows (see `archiveRow`),
 * one answer per record in the same order. A record that is not a valid envelope, or whose
 * payload field does not fit its column, is answered `ProcessingFailed` with its original data:
 * Firehose then writes it under the error prefix, so nothing is lost. Firehose does not keep a
 * reason, so the reasons are returned for the caller to log.
 *
 * The arrival time is Kinesis's (when the app's PutRecord landed), not Firehose's.
 *
 * @example
 * ```ts
 * const { records, failures } = archiveTransform(event.records, { payloadFields: { itemId: 'bigint' } });
 * ```
 */
export function archiveTransform(
  input: readonly ArchiveTransformInput[],
  stream: ArchiveStream,
): { records: ArchiveTransformOutput[]; failures: ArchiveTransformFailure[] } {
  const failures: ArchiveTransformFailure[] = [];
  const records = input.map((record): ArchiveTransformOutput => {
    try {
      const metadata = record.kinesisRecordMetadata;
      if (metadata === undefined) {
        throw new EventEnvelopeError(
          'Record has no kinesisRecordMetadata; allowed: records Firehose read from the Kinesis stream',
        );
      }
      const row = archiveRow(
        {
          data: Buffer.from(record.data, 'base64').toString('utf8'),
          partitionKey: metadata.partitionKey,
          arrivalTime: metadata.approximateArrivalTimestamp,
        },
        stream,
      );
      return {
        recordId: record.recordId,
        result: 'Ok',
        data: Buffer.from(`${JSON.stringify(row)}\n`).toString('base64'),
      };
    } catch (error) {
      failures.push({ recordId: record.recordId, reason: (error as Error).message });
      return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    }
  });
  return { records, failures };
}
