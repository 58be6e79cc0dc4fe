import type * as dms from 'aws-cdk-lib/aws-dms';
import { CDC_COMMIT_TIME_COLUMN } from '../../core/naming';

/** Where and how a source's DMS replication writes into the raw bucket. */
export interface DmsS3TargetProps {
  readonly bucketName: string;
  /** The raw prefix without its trailing `/`, e.g. `cdc/service`. */
  readonly bucketFolder: string;
  /** The raw zone's key: every object DMS writes is encrypted with it. */
  readonly kmsKeyArn: string;
  /** The role DMS assumes to write (see `CdcReplication`). */
  readonly serviceAccessRoleArn: string;
  /** The lake's account, which must own the bucket. */
  readonly expectedBucketOwner: string;
}

/**
 * The seconds DMS waits at most before writing a file of changes (`CdcMaxBatchInterval`, 60 by
 * default): the capture's share of a change's latency.
 */
export const CDC_MAX_BATCH_SECONDS = 60;

/**
 * The S3 target settings of a source's DMS replication, from "Using Amazon S3 as a target for AWS
 * Database Migration Service" (AWS DMS User Guide) and the `AWS::DMS::Endpoint` S3Settings reference:
 * - Parquet (`DataFormat`, `ParquetVersion` `parquet_2_0`), timestamps kept in microseconds
 *   (`ParquetTimestampInMillisecond: false`), as the lake's own Parquet;
 * - every change row carries its operation (`I`, `U`, `D`) in the first column, and deletes are kept
 *   (`CdcInsertsOnly` and `CdcInsertsAndUpdates` false), so the apply step sees inserts, updates and
 *   deletes; `IncludeOpForFullLoad` asks for `I` on full-load rows too, which the reference documents
 *   for `.csv` only, so the apply reads a full-load row without the column as an insert;
 * - a commit-time column ({@link CDC_COMMIT_TIME_COLUMN}, `TimestampColumnName`): a change's source
 *   commit time; full-load rows get the replication's start time
 *   (`UseTaskStartTimeForFullLoadTimestamp`), "sortable with TimestampColumnName for a CDC load";
 * - SSE-KMS with the raw key (`EncryptionMode` `SSE_KMS`, `ServerSideEncryptionKmsKeyId`), in a
 *   bucket the lake's account owns (`ExpectedBucketOwner`, which stops writes to a sniped bucket);
 * - changes in folders by commit date (`DatePartitionEnabled`, `YYYYMMDD` with `/`), so the apply
 *   step lists only the days it has not applied.
 *
 * @example
 * ```ts
 * dmsS3Settings({ bucketName: 'raw', bucketFolder: 'cdc/service', kmsKeyArn, serviceAccessRoleArn, expectedBucketOwner: '123456789012' });
 * ```
 */
export function dmsS3Settings(props: DmsS3TargetProps): dms.CfnEndpoint.S3SettingsProperty {
  return {
    bucketName: props.bucketName,
    bucketFolder: props.bucketFolder,
    serviceAccessRoleArn: props.serviceAccessRoleArn,
    expectedBucketOwner: props.expectedBucketOwner,
    dataFormat: 'parquet',
    parquetVersion: 'parquet_2_0',
    parquetTimestampInMillisecond: false,
    includeOpForFullLoad: true,
    cdcInsertsOnly: false,
    cdcInsertsAndUpdates: false,
    timestampColumnName: CDC_COMMIT_TIME_COLUMN,
    useTaskStartTimeForFullLoadTimestamp: true,
    encryptionMode: 'SSE_KMS',
    serverSideEncryptionKmsKeyId: props.kmsKeyArn,
    datePartitionEnabled: true,
    datePartitionSequence: 'YYYYMMDD',
    datePartitionDelimiter: 'SLASH',
    cdcMaxBatchInterval: CDC_MAX_BATCH_SECONDS,
  };
}
