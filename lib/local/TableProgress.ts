/** Where one table is in a local run. */
export type TableStatus = 'pending' | 'exporting' | 'running' | 'committing' | 'done' | 'failed';

/** A change of one table's state in a local run, for progress displays. */
export interface TableProgress {
  readonly table: string;
  readonly status: TableStatus;
  /** Rows so far: exported, then curated. */
  readonly rows: number;
  /** What went wrong, with `failed`. @default - none */
  readonly error?: string;
}

/** Receives each {@link TableProgress} as it happens. */
export type ProgressListener = (progress: TableProgress) => void;
