import { Transform } from 'node:stream';
import { type CsvQuoteState, lastCsvRecordEnd } from '../../core/extract';

/**
 * A byte stream of CSV re-cut so that every chunk it passes on holds whole records: the tail of
 * a record split across incoming chunks waits for its end. PostgreSQL's COPY output arrives cut
 * wherever the socket read ended; the extract spreads chunks over several pipes, and a record
 * split between two pipes would corrupt both. Anything left at the end (a stream that did not end
 * with a newline) is passed on as it is, for the reader to refuse.
 *
 * @example
 * ```ts
 * await pipeline(client.query(copyTo(sql)), csvRecordAligner(), target);
 * ```
 */
export function csvRecordAligner(): Transform {
  const state: CsvQuoteState = { inQuotes: false };
  let pending: Buffer[] = [];
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const end = lastCsvRecordEnd(chunk, state);
      if (end === -1) {
        pending.push(chunk);
      } else {
        pending.push(chunk.subarray(0, end));
        this.push(pending.length === 1 ? pending[0] : Buffer.concat(pending));
        pending = end < chunk.length ? [chunk.subarray(end)] : [];
      }
      done();
    },
    flush(done) {
      if (pending.length > 0) this.push(Buffer.concat(pending));
      done();
    },
  });
}
