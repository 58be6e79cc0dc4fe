import type { SimulatedColumn } from './SimulatedColumn';

/** A connection to the source database that the simulated export reads one table at a time from. */
export interface SourceReader {
  /** The base tables of the connected database, ordered (see `SOURCE_TABLES_SQL`). */
  tables(): Promise<{ schema: string; table: string }[]>;
  /** The table's columns in source order, with how the export writes each. */
  columns(schema: string, table: string): Promise<SimulatedColumn[]>;
  /**
   * The table's rows in batches, each value as text, bytes (for `binary` columns) or null, in
   * column order, of the `exported` columns only. Values are exactly the server's text: no JS
   * number or Date in between.
   */
  rows(
    schema: string,
    table: string,
    columns: readonly SimulatedColumn[],
  ): AsyncIterable<(string | Buffer | null)[][]>;
  close(): Promise<void>;
}
