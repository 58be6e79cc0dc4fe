import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as glue from 'aws-cdk-lib/aws-glue';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { DataLakeConfig, SourceConfig } from '../../config';
import type { DataLakeStorage } from '../storage/DataLakeStorage';

/** What every per-source pipeline (snapshot or replica) is built from and lets users tune alike. */
export interface PipelineBaseProps {
  /** The validated lake config: its name prefixes the state machine, its pools size the Maps. */
  readonly config: DataLakeConfig;
  /** The source this pipeline serves: one of `config.sources`. */
  readonly source: SourceConfig;
  /** The lake's buckets and key: the curated Parquet goes to the curated bucket. */
  readonly storage: DataLakeStorage;
  /** The source's Glue database; the commit step creates its tables. */
  readonly database: glue.IDatabase;
  /** The salt of `mask: hash`, read by the step that writes curated Parquet. */
  readonly maskingSalt: secretsmanager.ISecret;
  /**
   * The longest a run may take.
   *
   * @default - 24 hours for the snapshot pipeline (the export included), 12 hours for the replica pipeline
   */
  readonly timeout?: Duration;
  /**
   * How long the state machine and Lambda logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log groups and their key when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
