import type { SourceConfig } from '../../../lib/config';
import { DEMO_ROW_COUNTS } from '../../../lib/local/demo/demoMarketplace';

/** Rows each curated table must hold after a run, by table name, split by the pipeline that writes it. */
export interface ExpectedRowCounts {
  /** Tables in mode `snapshot-export`. */
  readonly snapshot: Readonly<Record<string, number>>;
  /** Tables in mode `replica-query` or `incremental` (a first incremental run copies every row). */
  readonly replica: Readonly<Record<string, number>>;
}

/**
 * What the check expects in Athena: every listed table of `source` holds exactly the rows the seed
 * wrote (`seeded`, the demo marketplace's counts by default), since no pipeline filters rows.
 *
 * @throws Error naming a listed table the seed does not write
 * @example
 * ```ts
 * expectedRowCounts(source); // { snapshot: { users: 400, items: 900, payments: 1000 }, replica: { orders: 1200, chat_messages: 1500 } }
 * ```
 */
export function expectedRowCounts(
  source: SourceConfig,
  seeded: Readonly<Record<string, number>> = DEMO_ROW_COUNTS,
): ExpectedRowCounts {
  const snapshot: Record<string, number> = {};
  const replica: Record<string, number> = {};
  for (const table of source.tables) {
    const rows = seeded[table.name];
    if (rows === undefined) {
      throw new Error(
        `Table ${table.name} of source ${source.name} is not seeded; seeded tables: ${Object.keys(seeded).join(', ')}`,
      );
    }
    const mode = table.mode ?? source.defaultMode;
    (mode === 'snapshot-export' ? snapshot : replica)[table.name] = rows;
  }
  return { snapshot, replica };
}
