import { utf8ByteLength } from './utf8ByteLength';

/** `{"Records":[` + `],"StreamName":` (or the one byte shorter `],"StreamARN":`) + `}`. */
const CALL_OVERHEAD = 12 + 15 + 1;
/** `{"Data":"` + `","PartitionKey":` + `}` around an entry's base64 data and JSON key. */
const ENTRY_OVERHEAD = 9 + 17 + 1;

/**
 * Bytes of a PutRecords request body as the AWS SDK's JSON 1.1 protocol writes it: each record
 * as `{"Data":"<base64>","PartitionKey":<JSON string>}`, comma-separated, then the stream name or
 * ARN as a JSON string. Exact for a stream name, one byte over for an ARN. A keepalive fetch must
 * stay within 64 KiB of body, so its calls are sized with this.
 *
 * @example
 * ```ts
 * putRecordsBodyBytes('app-events', [{ data: new Uint8Array(4), partitionKey: 'u-1' }]); // 81
 * ```
 */
export function putRecordsBodyBytes(
  stream: string,
  records: readonly { readonly data: Uint8Array; readonly partitionKey: string }[],
): number {
  let bytes = CALL_OVERHEAD + utf8ByteLength(JSON.stringify(stream)) + Math.max(0, records.length - 1);
  for (const { data, partitionKey } of records) {
    bytes +=
      ENTRY_OVERHEAD + 4 * Math.ceil(data.byteLength / 3) + utf8ByteLength(JSON.stringify(partitionKey));
  }
  return bytes;
}
