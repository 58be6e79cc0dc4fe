/**
 * AWS's table of what an RDS snapshot export writes for each source type, the source of every
 * `rdsExport` in this module: "Data conversion when exporting to an Amazon S3 bucket for Amazon RDS".
 */
export const RDS_EXPORT_DOC_URL =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html';
