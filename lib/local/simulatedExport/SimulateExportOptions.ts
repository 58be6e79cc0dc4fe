import type { SourceEngine } from '../../core/types';

/** How the simulated export fails a table, as real exports do. */
export type SimulatedTableFailure =
  /** Left out of the table info altogether, the way RDS silently skips some tables. */
  | { readonly kind: 'omit' }
  /** Listed with a status other than COMPLETE and AWS's warning, and no part files. */
  | { readonly kind: 'status'; readonly status: 'FAILED' | 'SKIPPED'; readonly warningMessage: string };

/** What {@link simulateExport} reads and where it writes. */
export interface SimulateExportOptions {
  readonly engine: SourceEngine;
  /** Connection URL of the source server, e.g. `mysql://root@127.0.0.1:3307/marketplace`. */
  readonly connection: string;
  /** Database inside the server (the export's `<database>` folder). */
  readonly database: string;
  /**
   * Tables to export (`schema` is the database itself on MySQL), or `'all'`: every base table of
   * the database, as an export whose `ExportOnly` names the database.
   */
  readonly tables: readonly { readonly schema: string; readonly table: string }[] | 'all';
  readonly exportId: string;
  /** Directory standing for the export bucket. */
  readonly outDir: string;
  /**
   * The export's S3 prefix inside `outDir`.
   *
   * @default '' (the export sits at `<outDir>/<export id>/`)
   */
  readonly prefix?: string;
  /**
   * The bucket name written into the export info.
   *
   * @default 'local-raw'
   */
  readonly bucket?: string;
  /**
   * Rows per part file; a table with more rows gets several parts.
   *
   * @default 100000
   */
  readonly rowsPerPart?: number;
  /**
   * Tables (by table name) to fail instead of exporting.
   *
   * @default - every table is exported
   */
  readonly fail?: Readonly<Record<string, SimulatedTableFailure>>;
}
