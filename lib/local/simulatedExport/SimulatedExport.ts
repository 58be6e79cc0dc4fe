/** One table of a simulated export. */
export interface SimulatedExportTable {
  /** The export's name of the table, e.g. `marketplace.users` or `payments.public.refunds`. */
  readonly target: string;
  readonly schema: string;
  readonly table: string;
  /** `COMPLETE`, `FAILED`, `SKIPPED`, or `OMITTED` when left out of the table info. */
  readonly status: string;
  /** The table's folder, relative to `outDir`: `<prefix>/<export id>/<database>/<schema>.<table>/`. */
  readonly prefix: string;
  /** Part file keys relative to `outDir`, in write order. */
  readonly parts: readonly string[];
  /** Rows written (0 for a failed or omitted table). */
  readonly rows: number;
}

/** What {@link simulateExport} wrote: the manifest of the export. */
export interface SimulatedExport {
  readonly exportId: string;
  /**
   * The export's snapshot time, ISO 8601 UTC, as its info file's `snapshotTime`: when it began
   * reading the database (it stands in for the export of a snapshot taken then).
   */
  readonly snapshotTime: string;
  /** The export info file's key relative to `outDir`. */
  readonly infoKey: string;
  /** The table info file's key relative to `outDir`. */
  readonly tablesInfoKey: string;
  readonly tables: readonly SimulatedExportTable[];
}
