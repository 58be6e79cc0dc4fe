import type { SourceColumnType } from '../../core/types';
import type { CapturedChange, CapturedTable } from './CapturedChange';
import { dmsFileKey } from './dmsFileKey';
import { type DmsFileColumn, type WriteDmsFileDeps, writeDmsFile } from './writeDmsFile';

/** A captured table as its catalog describes it now. */
export interface CaptureTableInfo {
  readonly schema: string;
  readonly table: string;
  /** In table order, typed as DMS writes them (`dmsParquetType`). */
  readonly columns: readonly DmsFileColumn[];
  readonly keyColumns: readonly string[];
  /** The source's own columns and types (what a table plan is made from). */
  readonly sourceColumns: readonly { readonly name: string; readonly type: SourceColumnType }[];
}

/** What a capture's files are: the full load, or changes named from `firstFileMillis` on. */
export type CaptureFiles =
  | { readonly kind: 'full-load' }
  | { readonly kind: 'cdc'; readonly firstFileMillis: number };

/** Changes of one column set, which one file holds. */
function segments(changes: readonly CapturedChange[]): CapturedChange[][] {
  const result: CapturedChange[][] = [];
  let current = '';
  for (const change of changes) {
    const columns = Object.keys(change.row).join('\u0000');
    if (result.length === 0 || columns !== current) result.push([]);
    result.at(-1)?.push(change);
    current = columns;
  }
  return result;
}

/**
 * Writes each table's captured changes as DMS writes them: one file per table, a new file where
 * the row's columns change (a column added or dropped mid-stream: a Parquet file has one schema),
 * CDC files named one millisecond apart from `firstFileMillis` on, so they sort in commit order.
 * A table with no changes gets no file.
 *
 * @returns the keys written, and the time the last CDC file is named after
 */
export async function writeCapturedTables(
  source: string,
  tables: readonly CaptureTableInfo[],
  captured: readonly CapturedTable[],
  files: CaptureFiles,
  deps: WriteDmsFileDeps,
): Promise<{ keys: string[]; lastFileMillis: number }> {
  const keys: string[] = [];
  let millis = files.kind === 'cdc' ? files.firstFileMillis - 1 : 0;
  for (const table of captured) {
    const info = tables.find(
      (candidate) => candidate.schema === table.schema && candidate.table === table.table,
    );
    const typeOf = new Map(info?.columns.map((column) => [column.name, column.duckdbType]));
    for (const [index, segment] of segments(table.changes).entries()) {
      const columns = Object.keys(segment[0]?.row ?? {}).map((name) => ({
        name,
        // A column dropped since the change was logged is no longer in the catalog: text.
        duckdbType: typeOf.get(name) ?? 'VARCHAR',
      }));
      millis += files.kind === 'cdc' ? 1 : 0;
      const key =
        files.kind === 'full-load'
          ? dmsFileKey(source, table.schema, table.table, { load: index + 1 })
          : dmsFileKey(source, table.schema, table.table, { at: new Date(millis) });
      await writeDmsFile(
        { key, columns, keyColumns: info?.keyColumns ?? [], kind: files.kind, changes: segment },
        deps,
      );
      keys.push(key);
    }
  }
  return { keys, lastFileMillis: millis };
}
