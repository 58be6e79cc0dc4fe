import type { EventEnvelope } from '../core/events';

/** An event the client holds until Kinesis acknowledges it or it fails for good. */
export interface BufferedEvent<Payload extends Record<string, unknown> = Record<string, unknown>> {
  readonly event: EventEnvelope<Payload>;
  readonly partitionKey: string;
  /** The UTF-8 JSON envelope, the record's data blob. */
  readonly data: Uint8Array;
  /** Bytes Kinesis counts for the record: data plus the partition key's UTF-8 bytes. */
  readonly size: number;
  /** PutRecords attempts made so far; grows on each retry. */
  attempts: number;
}
