/**
 * AWS's description of what a snapshot export writes to S3: "File naming conventions for exports
 * to Amazon S3" (`<prefix>/<export id>/<database>/<schema.table>/<batch index>/part-<partition
 * index>-<uuid>.gz.parquet`). The info files' JSON is not documented field by field there; the
 * models in this module follow exports seen in the wild and stay lenient on keys they do not use.
 */
export const RDS_EXPORT_FILES_DOC_URL =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.FileNames.html';
