import type { ReplicaReader } from '../adapters/database';
import { type CsvReadError, ExtractError } from '../core/errors';
import { REPLICA_ROW_LIMITS, ROW_SIZE_ALIASES, rowSizesSql, sourceValueKind } from '../core/extract';
import type { ExtractTask } from './extractChunk';

const MIB = 1024 * 1024;
/** Columns at least this large are named as what made the row long. */
const NAMED_FROM_BYTES = MIB;

/** A chunk's largest row, as its values' sizes tell it. */
export interface LargestRow {
  /**
   * Its CSV length estimated from its values' sizes: bytes count twice (hex), plus three bytes per
   * value (quotes, comma); doubled quotes inside text are not counted, so the line can be up to
   * twice as long.
   */
  readonly csvBytes: number;
  /** The error naming the table, the row's key and its largest columns, for a row over `maxLineBytes`. */
  tooLong(maxLineBytes: number, cause?: CsvReadError): ExtractError;
}

/**
 * The chunk's largest row, found by one query of sizes on the replica ({@link rowSizesSql}), never
 * a value: its estimated CSV length and the error that names the table, the row's key (a masked key
 * column's value withheld) and the columns that make it long with their source type and size.
 * `undefined` when the chunk has no row or the size query fails.
 *
 * @example
 * ```ts
 * const largest = await chunkLargestRow(task, reader);
 * if (largest && largest.csvBytes > REPLICA_ROW_LIMITS.wide.maxLineBytes) throw largest.tooLong(REPLICA_ROW_LIMITS.wide.maxLineBytes);
 * // Extract of shop.files (run …, chunk 0) failed: the row with key id = "7" is too long for the replica path: shop.files.body (longtext) holds 170.0 MiB (about 170.0 MiB as CSV); …
 * ```
 */
export async function chunkLargestRow(
  task: ExtractTask,
  reader: ReplicaReader,
): Promise<LargestRow | undefined> {
  const { plan, chunk } = task;
  const keyColumns =
    chunk.bounds.kind === 'all'
      ? (plan.primaryKey ?? []).flatMap(
          (output) => plan.columns.find((column) => column.output === output)?.source ?? [],
        )
      : [chunk.bounds.column];
  let row: Readonly<Record<string, string | null>> | undefined;
  try {
    [row] = await reader.query(
      rowSizesSql(reader.engine, {
        schema: plan.schema,
        table: plan.table,
        columns: plan.columns,
        keyColumns,
        chunk,
      }),
    );
  } catch {
    return undefined;
  }
  if (row === undefined) return undefined;
  const found = row;
  const sizes = plan.columns.map((column, index) => {
    const bytes = Number(found[ROW_SIZE_ALIASES.size(index)] ?? 0);
    const hex = sourceValueKind({ ...column.sourceType, column: column.source }) === 'bytes';
    return { column, bytes, csvBytes: 3 + (hex ? 2 * bytes : bytes) };
  });
  const csvBytes = sizes.reduce((sum, size) => sum + size.csvBytes, 0);
  const tooLong = (maxLineBytes: number, cause?: CsvReadError): ExtractError => {
    const key = keyColumns.map((name, index) => {
      const masked = plan.columns.some((column) => column.source === name && column.mask !== undefined);
      const value = found[ROW_SIZE_ALIASES.key(index)] ?? 'NULL';
      return `${name} = ${masked ? '(withheld: masked column)' : JSON.stringify(value)}`;
    });
    const large = sizes
      .filter(({ bytes }) => bytes >= NAMED_FROM_BYTES)
      .sort((a, b) => b.csvBytes - a.csvBytes);
    const where = `${plan.schema}.${plan.table}`;
    const holds = large.map(
      ({ column, bytes }) =>
        `${where}.${column.source} (${column.sourceType.columnType ?? column.sourceType.dataType}) holds ${mib(bytes)} MiB`,
    );
    const drop = large[0] === undefined ? 'columns.<name>: drop' : `columns.${large[0].column.source}: drop`;
    return new ExtractError(
      `the row with key ${key.length > 0 ? key.join(', ') : '(none: the table has no primary key)'} is too long for the replica path: ${holds.length > 0 ? holds.join('; ') : 'no single value over 1 MiB'} (about ${mib(csvBytes)} MiB as CSV); allowed: a value of up to ${REPLICA_ROW_LIMITS.maxValueBytes / MIB} MiB and a row of up to ${mib(maxLineBytes)} MiB as CSV (bytes count twice, as hex), else ${drop} or mode: snapshot-export for this table`,
      { source: plan.source, table: plan.table, runId: plan.runId, chunk: chunk.index },
      { cause },
    );
  };
  return { csvBytes, tooLong };
}

/** Bytes in MiB with one decimal. */
function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}
