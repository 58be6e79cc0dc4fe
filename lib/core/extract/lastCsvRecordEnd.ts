const QUOTE = 0x22;
const NEWLINE = 0x0a;

/** Where a CSV stream stands between chunks: inside a quoted value or not. */
export interface CsvQuoteState {
  inQuotes: boolean;
}

/**
 * The end (exclusive) of the last whole CSV record in `chunk`, a piece of a CSV stream whose
 * quote state at the chunk's start is `state`; `state` is moved to the chunk's end. A record ends
 * at a newline outside quotes (a `""` inside a value toggles twice, so parity decides), which is
 * how the stream can be cut into whole records however its chunks arrived.
 *
 * @returns the offset after the last record's newline, or -1 when no record ends in `chunk`
 * @example
 * ```ts
 * const state = { inQuotes: false };
 * lastCsvRecordEnd(Buffer.from('1,"a\nb"\n2,"c'), state); // 8, and state.inQuotes is now true
 * ```
 */
export function lastCsvRecordEnd(chunk: Uint8Array, state: CsvQuoteState): number {
  // Stretches outside quotes, as [start, end) pairs; only they can hold a record's newline.
  const outside: number[] = [];
  let inQuotes = state.inQuotes;
  let from = 0;
  for (;;) {
    const quote = chunk.indexOf(QUOTE, from);
    const to = quote === -1 ? chunk.length : quote;
    if (!inQuotes && to > from) outside.push(from, to);
    if (quote === -1) break;
    inQuotes = !inQuotes;
    from = quote + 1;
  }
  state.inQuotes = inQuotes;
  for (let pair = outside.length - 2; pair >= 0; pair -= 2) {
    const start = outside[pair] as number;
    const newline = chunk.subarray(start, outside[pair + 1]).lastIndexOf(NEWLINE);
    if (newline !== -1) return start + newline + 1;
  }
  return -1;
}
