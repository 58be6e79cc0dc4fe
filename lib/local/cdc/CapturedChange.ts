/** A value as a capture hands it to the file writer: text (the engine's own), bytes, or NULL. */
export type CapturedValue = string | Uint8Array | null;

/** One row change of a committed transaction, as DMS writes it. */
export interface CapturedChange {
  /** `I`, `U` or `D`. */
  readonly op: 'I' | 'U' | 'D';
  /** The transaction's commit time, UTC, `yyyy-MM-dd HH:mm:ss.SSSSSS` (DMS's `TimestampColumnName` text). */
  readonly commitTime: string;
  /** The row after the change (a delete: the row as it was, or its key only when the log has no more). */
  readonly row: Readonly<Record<string, CapturedValue>>;
  /** An update's primary key before it (the before-image key columns). */
  readonly keyBefore?: Readonly<Record<string, CapturedValue>>;
}

/** A table's changes of one capture, in commit order. */
export interface CapturedTable {
  readonly schema: string;
  readonly table: string;
  readonly changes: readonly CapturedChange[];
}
