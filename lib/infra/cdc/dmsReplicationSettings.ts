/** What the replication settings depend on. */
export interface DmsReplicationSettingsProps {
  /** Largest LOB value DMS copies, in KB. */
  readonly lobMaxSizeKb: number;
}

/**
 * The task settings of a source's DMS Serverless replication (`ReplicationSettings`):
 * - `Logging.EnableLogging`: the replication logs to CloudWatch Logs, through the account's
 *   `dms-cloudwatch-logs-role` ("Logging task settings", AWS DMS User Guide);
 * - LOBs in limited mode, `LobMaxSize` KB each: the S3 target has no full LOB mode ("Full LOB mode
 *   is not supported", Using Amazon S3 as a target), and without `SupportLobs` "AWS DMS does not
 *   migrate any MEDIUMBLOB, LONGBLOB, MEDIUMTEXT, and LONGTEXT columns" (Limitations on using a
 *   MySQL database as a source); `LobMaxSize` as in "Target metadata task settings";
 * - a truncated or dropped source table leaves the raw files alone
 *   (`HandleSourceTableTruncated`/`Dropped` false): on an S3 target "a truncate DDL operation removes
 *   all files and corresponding table folders", which would delete changes the apply step has not
 *   read yet; an altered table is followed (`HandleSourceTableAltered`), so a new column reaches the
 *   apply step's schema evolution ("Task settings for change processing DDL handling").
 *
 * @example
 * ```ts
 * dmsReplicationSettings({ lobMaxSizeKb: 1024 }).TargetMetadata; // { SupportLobs: true, FullLobMode: false, LimitedSizeLobMode: true, LobMaxSize: 1024 }
 * ```
 */
export function dmsReplicationSettings(props: DmsReplicationSettingsProps): Record<string, unknown> {
  return {
    Logging: { EnableLogging: true },
    TargetMetadata: {
      SupportLobs: true,
      FullLobMode: false,
      LimitedSizeLobMode: true,
      LobMaxSize: props.lobMaxSizeKb,
    },
    ChangeProcessingDdlHandlingPolicy: {
      HandleSourceTableDropped: false,
      HandleSourceTableTruncated: false,
      HandleSourceTableAltered: true,
    },
  };
}
