import { CDC_COMMIT_TIME_COLUMN } from '../naming';

/**
 * The columns AWS DMS's S3 target adds to the table's own columns in each Parquet file, named as
 * the lake's replication configures them. Docs: "Using Amazon S3 as a target for AWS Database
 * Migration Service" (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html).
 */
export interface DmsChangeFormat {
  /**
   * The operation column: `I`, `U` or `D` in every CDC row ("Indicating source DB operations in
   * migrated S3 data": the added first field). Full-load rows carry `I` only with
   * `IncludeOpForFullLoad`, else no such column: a row without one is an insert. The docs call it
   * the first field and the release notes `"OP"`, so it is matched by name, case-insensitively.
   */
  readonly operationColumn: string;
  /**
   * The endpoint's `TimestampColumnName`: a STRING `yyyy-MM-dd HH:mm:ss.SSSSSS`, for a CDC row the
   * commit time of its transaction in the source, for a full-load row when DMS transferred it.
   */
  readonly commitTimeColumn: string;
  /**
   * The `column-prefix` of the task's `add-before-image-columns` rule with `column-filter: pk-only`
   * (Transformation rules and actions): an update row then also carries its key before the
   * update, which is how an update of the primary key shows (the row's own columns are the after
   * image only). Without the rule the old key of such an update stays in the table.
   */
  readonly beforeImagePrefix: string;
}

/**
 * The names the lake's DMS replication writes (`dmsS3Settings` sets `TimestampColumnName` from
 * `CDC_COMMIT_TIME_COLUMN`): the before-image rule's `column-prefix` must be `beforeImagePrefix`.
 */
export const DMS_CHANGE_FORMAT: DmsChangeFormat = {
  operationColumn: 'Op',
  commitTimeColumn: CDC_COMMIT_TIME_COLUMN,
  beforeImagePrefix: '_dms_before_',
};
