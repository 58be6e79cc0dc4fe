import { RUN_PARTITION_KEY } from '../pipeline';
import type { CatalogColumn } from './CatalogTable';
import type { LatestDedupe } from './curatedView';

/** What {@link latestDedupe} decides from. */
export interface LatestDedupeSpec {
  /** The table as `source.table`, for the warning. */
  readonly label: string;
  /** The catalog table's name; the view is `<table>_latest`. */
  readonly table: string;
  /** Whether the table accumulates runs (incremental); see `commitLayout`. */
  readonly accumulatesRuns: boolean;
  /** The plan's primary key (output names). @default - unknown */
  readonly primaryKey?: readonly string[];
  /** The plan's watermark column (output name). @default - none: versions ordered by run only */
  readonly watermarkColumn?: string;
  /** The table's columns as committed (Glue's lower-case names). */
  readonly columns: readonly CatalogColumn[];
}

/** How `<table>_latest` is built, and why it does not dedupe when it should. */
export interface LatestDedupeDecision {
  /** @default - no dedupe: the view is the table */
  readonly dedupe?: LatestDedupe;
  readonly warnings: readonly string[];
}

/**
 * Whether an incremental table's `<table>_latest` keeps only the newest version of each row:
 * only with a primary key whose columns are all in the table; versions are ordered by the
 * watermark column (when curated) and then by the `run` partition key, newest first. A snapshot
 * holds one version per row already, so its view is the table and nothing is reported.
 * Names are compared in lower case, as Glue stores them.
 *
 * @example
 * ```ts
 * latestDedupe({ label: 'service.users', table: 'users', accumulatesRuns: true, primaryKey: ['id'], watermarkColumn: 'updated_at', columns });
 * // { dedupe: { primaryKey: ['id'], newestFirst: ['updated_at', 'run'] }, warnings: [] }
 * ```
 */
export function latestDedupe(spec: LatestDedupeSpec): LatestDedupeDecision {
  if (!spec.accumulatesRuns) return { warnings: [] };
  const names = new Set(spec.columns.map((column) => column.name));
  const primaryKey = (spec.primaryKey ?? []).map((name) => name.toLowerCase());
  const missing = primaryKey.filter((name) => !names.has(name));
  if (primaryKey.length === 0 || missing.length > 0) {
    const why =
      primaryKey.length === 0
        ? 'its primary key is unknown'
        : `its primary key column(s) ${missing.join(', ')} are not in the table`;
    return {
      warnings: [
        `${spec.label} is incremental but ${why}: ${spec.table}_latest shows every version of every row of every run, not the newest per key`,
      ],
    };
  }
  const watermark = spec.watermarkColumn?.toLowerCase();
  const newestFirst =
    watermark !== undefined && names.has(watermark) ? [watermark, RUN_PARTITION_KEY] : [RUN_PARTITION_KEY];
  return { dedupe: { primaryKey, newestFirst }, warnings: [] };
}
