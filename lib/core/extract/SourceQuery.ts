/** A selected column whose `hash` mask the reader computes (see {@link SourceQuery.hmacColumns}). */
export interface HmacColumn {
  /** Its position in the SELECT list. */
  readonly index: number;
  /** Its source name, for errors. */
  readonly column: string;
}

/**
 * A statement for the source database and the values of its placeholders. MySQL statements use
 * `?` placeholders (the driver escapes the values); PostgreSQL statements inline their values as
 * literals, because `COPY (SELECT …) TO STDOUT` takes no bind parameters, so `params` is empty.
 */
export interface SourceQuery {
  readonly sql: string;
  readonly params: readonly string[];
  /**
   * Positions of the selected columns whose raw bytes the reader writes to the CSV as hex (see
   * `LandedColumn.readerEncoding`).
   *
   * @default - none
   */
  readonly hexColumns?: readonly number[];
  /**
   * Positions of the selected columns whose `hash` mask the reader computes: it writes each value's
   * lower-case hex HMAC-SHA-256, keyed by the mask salt, instead of the value (see
   * `LandedColumn.readerEncoding`).
   *
   * @default - none
   */
  readonly hmacColumns?: readonly HmacColumn[];
}
