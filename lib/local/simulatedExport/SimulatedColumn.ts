import type { ExportColumnMapping } from '../../core/export';
import type { SourceColumnType } from '../../core/types';

/** One source column as the simulated export reads and writes it. */
export interface SimulatedColumn {
  readonly name: string;
  readonly type: SourceColumnType;
  /** The column's `originalTypeMappings` entry, as the export's table info lists it. */
  readonly mapping: ExportColumnMapping;
  /**
   * False for a type the export writes no value for (PostgreSQL object identifiers, "OBJECT
   * IDENTIFIER: N/A" in AWS's table): listed in the table info, neither read nor written.
   */
  readonly exported: boolean;
  /** Read from the driver as bytes (staged as BLOB) rather than text. */
  readonly binary: boolean;
  /** The DuckDB expression that turns the staged value (`expr`) into the export's Parquet type. */
  readonly exportSql: (expr: string) => string;
}
