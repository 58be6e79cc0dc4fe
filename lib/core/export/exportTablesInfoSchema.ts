// Shape of export_tables_info_<export id>_from_<n>_to_<m>.json (one or more per export, written
// next to export_info_<export id>.json); see RDS_EXPORT_FILES_DOC_URL.
import * as z from 'zod';

/** AWS writes the numeric catalog facts as numbers; some exports carry them as digit strings. */
const integerLike = z.union([
  z.int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/** One column of `schemaMetadata.originalTypeMappings`: the source type and what the export wrote. */
export const exportColumnMappingSchema = z.looseObject({
  columnName: z.string().min(1),
  /** The source catalog's type of the column, e.g. `bigint(20) unsigned`, `numeric(12,2)`. */
  originalType: z.string().min(1),
  /** The Parquet type the export wrote, e.g. `int64`, `string`, `binary`. */
  expectedExportedType: z.string(),
  originalCharMaxLength: integerLike.nullish(),
  originalNumPrecision: integerLike.nullish(),
  originalDateTimePrecision: integerLike.nullish(),
});

/** Partitioning of one table's extraction: how many ranged reads ran and how many finished. */
const partitioningInfoSchema = z.looseObject({
  numberOfPartitions: integerLike.optional(),
  numberOfCompletedPartitions: integerLike.optional(),
});

/** Timing and partitioning of one table's extraction (informational; not relied on). */
const tableStatisticsSchema = z.looseObject({
  extractionStartTime: z.string().optional(),
  extractionEndTime: z.string().optional(),
  partitioningInfo: partitioningInfoSchema.optional(),
});

/**
 * One entry of `perTableStatus`: a table (`target` is `database.table` on MySQL,
 * `database.schema.table` on PostgreSQL) with its `status` and column mappings, or a
 * database-level warning (`target` is the database, with `warningMessage` and no status).
 */
export const exportTableStatusSchema = z.looseObject({
  target: z.string().min(1),
  /** `COMPLETE` when the table was exported; anything else (`FAILED`, `SKIPPED`…) is a gap. */
  status: z.string().optional(),
  warningMessage: z.string().optional(),
  sizeGB: z.number().optional(),
  tableStatistics: tableStatisticsSchema.optional(),
  schemaMetadata: z
    .looseObject({
      originalTypeMappings: z.array(exportColumnMappingSchema),
    })
    .optional(),
});

/**
 * The zod model of one `export_tables_info_<export id>_from_<n>_to_<m>.json`. An export with many
 * tables writes several such files; concatenate their `perTableStatus` lists.
 */
export const exportTablesInfoSchema = z.looseObject({
  perTableStatus: z.array(exportTableStatusSchema),
});

/** One column mapping of a table's `schemaMetadata.originalTypeMappings`. */
export type ExportColumnMapping = z.output<typeof exportColumnMappingSchema>;

/** One entry of an export's `perTableStatus`. */
export type ExportTableStatus = z.output<typeof exportTableStatusSchema>;

/** The table info of an export: every `perTableStatus` entry of its table info files. */
export type ExportTablesInfo = z.output<typeof exportTablesInfoSchema>;
