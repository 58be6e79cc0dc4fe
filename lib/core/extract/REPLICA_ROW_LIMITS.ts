/** One mebibyte. */
const MIB = 1024 * 1024;

/** How DuckDB reads the landed CSV: its buffer, its longest line, and whether serially. */
export interface CsvRead {
  readonly bufferBytes: number;
  /**
   * `max_line_size`; smaller than the buffer.
   *
   * @default - DuckDB's own for the buffer (the buffer's size)
   */
  readonly maxLineBytes?: number;
  /** `parallel = false`: DuckDB's serial reader, which takes long lines that straddle two buffers. */
  readonly serial: boolean;
}

/**
 * How large a row the replica extract reads, and with what buffers. Rows cross as CSV, where a
 * value can take twice its bytes (bytes travel as hex; each `"` of a text is doubled), and DuckDB's
 * CSV reader refuses a line longer than its `max_line_size` and needs a buffer larger than that
 * line. Large buffers cost memory on every pipe (two pipes with 128 MiB buffers took 1.2 GB here,
 * against 0.5 GB with 8 MiB), so a chunk is first read in parallel with small buffers (`narrow`):
 * DuckDB's parallel reader then refuses lines of a few MiB (over its buffer, or straddling two
 * buffers, when it names another reason or even reads fewer rows: measured with 5 to 128 MiB
 * lines). Only such a chunk is read again, on one pipe with DuckDB's serial reader
 * (`parallel = false`), which reads those lines, and `wide` buffers.
 */
export const REPLICA_ROW_LIMITS = {
  /** The largest value the replica path is documented to take, in source bytes. */
  maxValueBytes: 64 * MIB,
  /** The parallel first read: a 4 × 2 MiB buffer per pipe, lines up to that buffer at most. */
  narrow: { bufferBytes: 8 * MIB, serial: false },
  /**
   * The serial second read: a line of one value at the largest size, doubled (hex), and 32 MiB of
   * other columns; the buffer is larger than the line.
   */
  wide: { bufferBytes: 168 * MIB, maxLineBytes: 160 * MIB, serial: true },
} as const satisfies Record<'narrow' | 'wide', CsvRead> & { maxValueBytes: number };
