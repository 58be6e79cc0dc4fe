/**
 * Which rows of a table one chunk reads, by its single-column primary key.
 *
 * - `all`: the whole table (no single-column primary key, or a key whose values cannot bound a range).
 * - `range`: integer keys `from..to`, both inclusive, as exact decimal text (BIGINT UNSIGNED fits).
 * - `keyset`: keys after `after` (exclusive) up to `through` (inclusive), each side open when absent;
 *   the boundaries are key values the server returned, compared by the server in the key's own
 *   type and collation.
 */
export type ChunkBounds =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly column: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'keyset';
      readonly column: string;
      /** `integer`: the boundaries are inlined as validated integers; `text`: as bound text values. */
      readonly valueKind: 'integer' | 'text';
      /** @default - no lower bound */
      readonly after?: string;
      /** @default - no upper bound */
      readonly through?: string;
    };

/** What a watermark column holds: an ever-growing integer (an auto-increment id) or a point in time. */
export type WatermarkKind = 'integer' | 'time';

/**
 * The rows of an incremental run: `column > after AND column <= through`. `through` is the run
 * start minus the safety lag for a time watermark, the highest value at plan time for an integer
 * one; it becomes the stored watermark once the run is committed.
 */
export interface WatermarkWindow {
  readonly column: string;
  readonly kind: WatermarkKind;
  /** The last committed watermark. @default - first run: no lower bound */
  readonly after?: string;
  readonly through: string;
}

/**
 * One unit of extract work: a slice of the table by primary key, optionally narrowed to an
 * incremental window. Plain JSON: it travels through Step Functions.
 */
export interface ExtractChunk {
  /** Index of the chunk among the table's chunks, from 0: names its output files and manifest. */
  readonly index: number;
  readonly bounds: ChunkBounds;
  /** @default - a full load: every row in `bounds` */
  readonly watermark?: WatermarkWindow;
}
