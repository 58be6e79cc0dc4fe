import type { ReplicaReader, TextRow } from '../adapters/database';
import type { SourceConfig, TableConfig } from '../config';
import type { CommittedWatermark } from '../core/commit';
import { DataLakeError, TablePlanError } from '../core/errors';
import {
  type ChunkBounds,
  type ChunkKey,
  chunkStrategy,
  type ExtractPlan,
  integerRangeChunks,
  keysetBoundariesSql,
  keysetChunks,
  type SourceQuery,
  sourceValueKind,
  tableStatsSql,
  type WatermarkWindow,
  watermarkWindow,
} from '../core/extract';
import { type PlannedWindow, planTable } from '../core/pipeline';

/** What {@link planExtract} decides from. */
export interface PlanExtractInput {
  readonly source: SourceConfig;
  /** A `replica-query` or `incremental` table of the source. */
  readonly table: TableConfig;
  readonly runId: string;
  /** When the run started: a time watermark's window ends the safety lag before it. */
  readonly runStart: Date;
  /** @default - first run: every source column counts as known */
  readonly knownColumns?: readonly string[];
  /**
   * An incremental table's committed run and the watermark its commit recorded (`committedWatermark`).
   *
   * @default - nothing committed yet: read everything up to the window's end
   */
  readonly committed?: CommittedWatermark;
  /** @default DEFAULT_SAFETY_LAG_SECONDS (60) */
  readonly safetyLagSeconds?: number;
}

async function one(reader: ReplicaReader, query: SourceQuery): Promise<TextRow> {
  const [row] = await reader.query(query);
  return row ?? {};
}

/**
 * Plans one table of a replica run: reads its columns and primary key from the replica's
 * catalog, plans the curated columns like the snapshot path (`planTable`, which also records the
 * key's output names for an incremental table's `<table>_latest`), computes an
 * incremental table's window from the committed watermark (the plan's `window` records where it
 * ends and which committed run it follows, for the commit), counts the rows (the plan's
 * `expectedRows`, which the commit verifies) and splits them into chunks of about the table's
 * `chunkSize`: integer key ranges when the key is dense, keyset boundaries from one index pass
 * otherwise, one chunk with a warning when there is no single-column primary key.
 *
 * Rows are counted at plan time and every chunk is bounded by the highest key seen then, so on a
 * quiet replica the chunks hold exactly the counted rows; rows inserted meanwhile wait for the
 * next run. A row updated out of an incremental window during the run makes the count differ and
 * the commit refuse the run (it is retried, and the row is in the next window).
 *
 * @throws DataLakeError when the table has no columns on the replica (it does not exist)
 * @throws TablePlanError for a watermark column that is neither an integer nor a date/time
 * @throws UnknownColumnError, NewColumnsError, TypeMappingError as `planTable` does
 * @example
 * ```ts
 * const extract = await planExtract({ source, table, runId: '20261123T040000Z', runStart, committed: { runId: '20261122T040000Z', value: '4711' } }, { reader });
 * extract.chunks.length; // fan out over these
 * ```
 */
export async function planExtract(
  input: PlanExtractInput,
  deps: { reader: ReplicaReader },
): Promise<ExtractPlan> {
  const { source, table } = input;
  const { reader } = deps;
  const label = `${table.schema}.${table.name}`;
  const columns = await reader.columns(table.schema, table.name);
  if (columns.length === 0) {
    throw new DataLakeError(
      `Table ${label} of source ${source.name} has no columns on the replica: it does not exist or the user cannot see it`,
    );
  }
  const primaryKey = await reader.primaryKey(table.schema, table.name);
  const plan = planTable({
    source,
    table,
    sourceColumns: columns,
    ...(input.knownColumns === undefined ? {} : { knownColumns: input.knownColumns }),
    runId: input.runId,
    expectedRows: 0,
    primaryKey,
  });

  const keyColumn =
    primaryKey.length === 1 ? columns.find((column) => column.name === primaryKey[0]) : undefined;
  const key: ChunkKey | undefined =
    keyColumn === undefined ? undefined : { column: keyColumn.name, kind: sourceValueKind(keyColumn.type) };

  let window: WatermarkWindow | undefined;
  let planned: PlannedWindow | undefined;
  if (table.mode === 'incremental' && table.watermarkColumn !== undefined) {
    const column = columns.find((candidate) => candidate.name === table.watermarkColumn);
    const kind = column === undefined ? 'text' : sourceValueKind(column.type);
    if (kind !== 'integer' && kind !== 'time') {
      throw new TablePlanError(
        label,
        table.watermarkColumn,
        `is the watermark column but has type ${column?.type.columnType ?? column?.type.dataType}; allowed: an integer, date, datetime or timestamp column`,
      );
    }
    const integerMax =
      kind === 'integer'
        ? (
            await one(
              reader,
              tableStatsSql(reader.engine, {
                schema: table.schema,
                table: table.name,
                key: table.watermarkColumn,
              }),
            )
          ).max_key
        : undefined;
    window = watermarkWindow({
      column: table.watermarkColumn,
      kind,
      ...(input.committed?.value === undefined ? {} : { last: input.committed.value }),
      runStart: input.runStart,
      ...(input.safetyLagSeconds === undefined ? {} : { safetyLagSeconds: input.safetyLagSeconds }),
      integerMax,
    });
    planned = {
      ...(window === undefined ? {} : { through: window.through }),
      ...(input.committed === undefined ? {} : { afterRun: input.committed.runId }),
    };
    if (window === undefined) return { plan: { ...plan, window: planned }, chunks: [], warnings: [] };
  }

  const where = {
    schema: table.schema,
    table: table.name,
    ...(window === undefined ? {} : { watermark: window }),
  };
  const stats = await one(
    reader,
    tableStatsSql(reader.engine, { ...where, ...(key ? { key: key.column } : {}) }),
  );
  const rows = Number(stats.row_count ?? 0);
  const warnings: string[] = [];
  let bounds: ChunkBounds[];
  switch (chunkStrategy(key, { rows, min: stats.min_key, max: stats.max_key }, table.chunkSize)) {
    case 'empty':
      bounds = [];
      break;
    case 'single':
      bounds = [{ kind: 'all' }];
      warnings.push(
        key === undefined
          ? `${label} has no single-column primary key (${primaryKey.length === 0 ? 'none' : primaryKey.join(', ')}): read in one chunk of ${rows} rows; chunkSize ${table.chunkSize} does not apply`
          : `${label} has a binary primary key (${key.column}): read in one chunk of ${rows} rows; chunkSize ${table.chunkSize} does not apply`,
      );
      break;
    case 'ranges':
      bounds = integerRangeChunks(
        key?.column ?? '',
        stats.min_key ?? '',
        stats.max_key ?? '',
        table.chunkSize,
      );
      break;
    case 'keyset': {
      const column = key?.column ?? '';
      const boundaries = await reader.query(
        keysetBoundariesSql(reader.engine, { ...where, key: column, chunkSize: table.chunkSize }),
      );
      bounds = keysetChunks(
        column,
        key?.kind === 'integer' ? 'integer' : 'text',
        boundaries.map((row) => row.boundary ?? ''),
        stats.max_key ?? '',
      );
      break;
    }
  }
  return {
    plan: { ...plan, expectedRows: rows, ...(planned === undefined ? {} : { window: planned }) },
    chunks: bounds.map((chunkBounds, index) => ({
      index,
      bounds: chunkBounds,
      ...(window === undefined ? {} : { watermark: window }),
    })),
    ...(window === undefined ? {} : { watermark: window }),
    warnings,
  };
}
