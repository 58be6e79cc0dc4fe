import type { ExportColumnMapping } from '../../core/export';
import type { SourceColumnType } from '../../core/types';

/** One source column as the simulated export reads and writes it. */
export interface SimulatedColumn {
  readonly name: string;
  readonly type: SourceColumnType;
  /** The column's `originalTypeMappings` entry, as the export's table info lists it. */
  readonly mapping: ExportColumnMapping;
  /** Read from the driver as bytes (staged as BLOB) rather than text. */
  readonly binary: boolean;
  /** The DuckDB expression that turns the staged value (`expr`) into the export's Parquet type. */
  readonly exportSql: (expr: string) => string;
}
