/** How a compared value is written as text on both sides, so equal values compare equal. */
export type ExactKind = 'text' | 'timestamp' | 'date';

/** A curated column compared value by value with its source column. */
export interface ExactColumn {
  /** The source column. */
  readonly source: string;
  /**
   * The curated column.
   *
   * @default - the source name (no `rename`)
   */
  readonly output?: string;
  /** @default 'text' */
  readonly kind?: ExactKind;
}

/** The columns of one fixture table compared exactly, and the key rows are matched by. */
export interface ExactTable {
  readonly key: string;
  readonly columns: readonly ExactColumn[];
}

/**
 * The marketplace fixture's columns the demo compares exactly with the source, per source and
 * table of test/fixtures/marketplace/lake.yaml: the types where a lossy path would show (widest
 * decimals, max BIGINT UNSIGNED, microsecond timestamps, first and last dates, Korean and
 * emoji text), renamed and cast columns included. Masked columns are checked apart.
 */
export const EXACT_COLUMNS: Readonly<Record<string, Readonly<Record<string, ExactTable>>>> = {
  service: {
    users: {
      key: 'id',
      columns: [
        { source: 'id' },
        { source: 'nickname', output: 'display_name' },
        { source: 'country_code' },
        { source: 'birth_date', kind: 'date' },
        { source: 'created_at', kind: 'timestamp' },
        { source: 'updated_at', kind: 'timestamp' },
      ],
    },
    items: {
      key: 'id',
      columns: [
        { source: 'id' },
        { source: 'seller_id' },
        { source: 'title' },
        { source: 'price' },
        { source: 'view_count' },
        { source: 'listed_on', kind: 'date' },
        { source: 'created_at', kind: 'timestamp' },
        { source: 'bumped_at', kind: 'timestamp' },
      ],
    },
    orders: {
      key: 'id',
      columns: [
        { source: 'id' },
        { source: 'order_no' },
        { source: 'total_krw' },
        { source: 'fx_rate' },
        { source: 'ledger_balance' },
        { source: 'legacy_amount' },
        { source: 'external_ref' },
        { source: 'ordered_at', kind: 'timestamp' },
        { source: 'paid_at', kind: 'timestamp' },
        { source: 'delivery_date', kind: 'date' },
      ],
    },
    chat_messages: {
      key: 'id',
      columns: [
        { source: 'id' },
        { source: 'sender_id', output: 'sender_user_id' },
        { source: 'offer_price' },
        { source: 'sent_at', kind: 'timestamp' },
      ],
    },
  },
  payments: {
    payments: {
      key: 'id',
      columns: [
        { source: 'id' },
        { source: 'payment_uuid' },
        { source: 'amount' },
        { source: 'fee' },
        { source: 'fx_rate' },
        { source: 'ledger_seq' },
        { source: 'memo' },
        { source: 'paid_on', kind: 'date' },
        { source: 'created_at', kind: 'timestamp' },
        { source: 'captured_at', kind: 'timestamp' },
      ],
    },
    refunds: {
      key: 'id',
      columns: [
        { source: 'id' },
        { source: 'amount', output: 'refund_amount' },
        { source: 'reason' },
        { source: 'requested_on', kind: 'date' },
        { source: 'requested_at', kind: 'timestamp' },
        { source: 'processed_at', kind: 'timestamp' },
      ],
    },
  },
};
