// Shape of export_info_<export id>.json, written at <prefix>/<export id>/ when the task ends; see
// RDS_EXPORT_FILES_DOC_URL. Keys mirror the ExportTask API shape in camelCase:
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ExportTask.html
import * as z from 'zod';

/**
 * The zod model of an export's `export_info_<export id>.json`. Strict on what the pipeline reads
 * (`exportTaskIdentifier`, `status`), lenient on everything else: AWS adds keys over time.
 */
export const exportInfoSchema = z.looseObject({
  exportTaskIdentifier: z.string().min(1),
  /** `COMPLETE` when the task ended well; `FAILED` or `CANCELED` otherwise. */
  status: z.string().min(1),
  sourceArn: z.string().optional(),
  exportOnly: z.array(z.string()).optional(),
  snapshotTime: z.string().optional(),
  taskStartTime: z.string().optional(),
  taskEndTime: z.string().optional(),
  s3Bucket: z.string().optional(),
  s3Prefix: z.string().optional(),
  /** The folder under the bucket that holds the export, usually `<s3Prefix>/<export id>`. */
  exportedFilesPath: z.string().optional(),
  iamRoleArn: z.string().optional(),
  kmsKeyId: z.string().optional(),
  percentProgress: z.number().optional(),
  totalExportedDataInGB: z.number().optional(),
  warningMessage: z.string().optional(),
  failureCause: z.string().optional(),
});

/** An export's `export_info_<export id>.json`, as parsed by {@link exportInfoSchema}. */
export type ExportInfo = z.output<typeof exportInfoSchema>;
