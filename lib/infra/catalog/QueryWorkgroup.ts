import { Names, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { glueDatabaseNameProblem } from './glueDatabaseName';

/** The Athena engine every query of the lake runs on. */
export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';

/** Athena's smallest per-query scan limit, in bytes. */
export const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

const WORKGROUP_NAME = /^[a-zA-Z0-9._-]{1,128}$/;

const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'athena:StopQueryExecution',
  'athena:GetWorkGroup',
  'athena:ListQueryExecutions',
  'athena:BatchGetQueryExecution',
];
const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];
const S3_BUCKET_READ_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket'];
const S3_RESULTS_BUCKET_ACTIONS = [...S3_BUCKET_READ_ACTIONS, 's3:ListBucketMultipartUploads'];
const S3_RESULTS_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];
// SSE-KMS: reading needs Decrypt, writing results needs a data key (and Decrypt for multipart).
const KMS_QUERY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** Props of {@link QueryWorkgroup}. */
export interface QueryWorkgroupProps {
  /** The bucket Athena writes query results to. */
  readonly resultsBucket: s3.IBucket;
  /** The key query results are encrypted with (SSE-KMS). */
  readonly resultsKey: kms.IKey;
  /** The Glue databases analysts may query: constructs, or names in this account's catalog. */
  readonly databases: ReadonlyArray<glue.IDatabase | string>;
  /** The buckets holding the tables' data (curated, events), read by queries; decrypted with each bucket's own key. */
  readonly dataBuckets: readonly s3.IBucket[];
  /**
   * The workgroup name: letters, digits, `.`, `_`, `-`, 1 to 128 characters.
   *
   * @default - a name unique to this construct's path
   */
  readonly workGroupName?: string;
  /**
   * The key prefix in `resultsBucket` that results are written under; ends with `/`.
   *
   * @default 'athena-results/'
   */
  readonly resultsPrefix?: string;
  /**
   * Athena cancels a query once it has scanned this much data. At least 10,000,000 bytes.
   *
   * @default Size.gibibytes(10)
   */
  readonly bytesScannedCutoffPerQuery?: Size;
  /**
   * What happens to the workgroup when it leaves the stack. With `DESTROY` its saved
   * queries and query history are deleted with it.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The Athena workgroup analysts query the lake through: engine version 3, settings
 * enforced on every query, CloudWatch metrics on, results SSE-KMS encrypted under
 * one prefix, and a scan limit per query so a mistaken query cannot scan the lake.
 *
 * @example
 * ```ts
 * const workgroup = new QueryWorkgroup(this, 'Workgroup', {
 *   resultsBucket: storage.queryResultsBucket,
 *   resultsKey: storage.operationsKey,
 *   databases: [...catalog.databases.values()],
 *   dataBuckets: [storage.curatedBucket, storage.eventsBucket],
 * });
 * workgroup.grantQuery(analystRole);
 * ```
 */
export class QueryWorkgroup extends Construct {
  /** The workgroup resource. */
  public readonly workGroup: athena.CfnWorkGroup;
  /** The workgroup name. */
  public readonly workGroupName: string;
  /** The workgroup ARN. */
  public readonly workGroupArn: string;
  /** Where results are written: `s3://<results bucket>/<prefix>`. */
  public readonly resultsLocation: string;

  private readonly props: QueryWorkgroupProps;
  private readonly resultsPrefix: string;

  public constructor(scope: Construct, id: string, props: QueryWorkgroupProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    this.props = props;
    this.resultsPrefix = props.resultsPrefix ?? 'athena-results/';
    this.workGroupName =
      props.workGroupName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.resultsLocation = `s3://${props.resultsBucket.bucketName}/${this.resultsPrefix}`;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.workGroup = new athena.CfnWorkGroup(this, 'Resource', {
      name: this.workGroupName,
      description: 'Data lake queries: engine v3, encrypted results, per-query scan limit',
      recursiveDeleteOption: removalPolicy === RemovalPolicy.DESTROY,
      workGroupConfiguration: {
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: (props.bytesScannedCutoffPerQuery ?? Size.gibibytes(10)).toBytes(),
        resultConfiguration: {
          outputLocation: this.resultsLocation,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.resultsKey.keyArn },
        },
      },
    });
    this.workGroup.applyRemovalPolicy(removalPolicy);
    this.workGroupArn = Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroup.ref,
    });
  }

  /**
   * Grants what an analyst needs to query the lake through this workgroup, and no more:
   * run and read queries in this workgroup; read the catalog, the given databases and
   * their tables; read the data buckets; read and write results under the results
   * prefix; decrypt with the data buckets' keys, and decrypt and make data keys with the
   * results key.
   *
   * @param grantee the analyst's role, user or group
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const { dataBuckets, resultsBucket, resultsKey } = this.props;
    const databaseNames = this.props.databases.map((db) => (typeof db === 'string' ? db : db.databaseName));
    const databaseArns = this.props.databases.map((db) =>
      typeof db === 'string'
        ? stack.formatArn({ service: 'glue', resource: 'database', resourceName: db })
        : db.databaseArn,
    );
    const tableArns = databaseNames.map((name) =>
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${name}/*` }),
    );
    const catalogArn = stack.formatArn({ service: 'glue', resource: 'catalog' });

    const grants = [
      iam.Grant.addToPrincipal({ grantee, actions: ATHENA_QUERY_ACTIONS, resourceArns: [this.workGroupArn] }),
      iam.Grant.addToPrincipal({
        grantee,
        actions: GLUE_READ_ACTIONS,
        resourceArns: [catalogArn, ...databaseArns, ...tableArns],
      }),
      // A statement without resources is invalid IAM: only grant data reads when there is data.
      ...(dataBuckets.length === 0
        ? []
        : [
            iam.Grant.addToPrincipal({
              grantee,
              actions: S3_BUCKET_READ_ACTIONS,
              resourceArns: dataBuckets.map((bucket) => bucket.bucketArn),
            }),
            iam.Grant.addToPrincipal({
              grantee,
              actions: ['s3:GetObject'],
              resourceArns: dataBuckets.map((bucket) => bucket.arnForObjects('*')),
            }),
          ]),
      iam.Grant.addToPrincipal({
        grantee,
        actions: S3_RESULTS_BUCKET_ACTIONS,
        resourceArns: [resultsBucket.bucketArn],
      }),
      iam.Grant.addToPrincipal({
        grantee,
        actions: S3_RESULTS_OBJECT_ACTIONS,
        resourceArns: [resultsBucket.arnForObjects(`${this.resultsPrefix}*`)],
      }),
      resultsKey.grant(grantee, ...KMS_QUERY_ACTIONS),
      ...dataBuckets.flatMap((bucket) =>
        bucket.encryptionKey ? [bucket.encryptionKey.grantDecrypt(grantee)] : [],
      ),
    ];
    const grant = grants.reduce((all, next) => all.combine(next));
    acknowledgeGrantWildcards(
      grantee,
      grant,
      "Analyst query grant: the wildcards only stand for the tables of the named Glue databases, the data buckets' objects and the objects under the workgroup's results prefix.",
    );
    return grant;
  }
}

function validateProps(constructPath: string, props: QueryWorkgroupProps): void {
  const issues: ConfigIssue[] = [];
  const { workGroupName, resultsPrefix, bytesScannedCutoffPerQuery } = props;
  if (
    workGroupName !== undefined &&
    !Token.isUnresolved(workGroupName) &&
    !WORKGROUP_NAME.test(workGroupName)
  ) {
    issues.push({
      path: 'workGroupName',
      message: `got '${workGroupName}'; allowed: 1 to 128 letters, digits, '.', '_' or '-'`,
    });
  }
  if (resultsPrefix !== undefined && (!resultsPrefix.endsWith('/') || resultsPrefix.startsWith('/'))) {
    issues.push({
      path: 'resultsPrefix',
      message: `got '${resultsPrefix}'; a key prefix ends with '/' and does not start with it, e.g. 'athena-results/'`,
    });
  }
  if (bytesScannedCutoffPerQuery !== undefined && !bytesScannedCutoffPerQuery.isUnresolved()) {
    const bytes = bytesScannedCutoffPerQuery.toBytes();
    if (bytes < MIN_BYTES_SCANNED_CUTOFF) {
      issues.push({
        path: 'bytesScannedCutoffPerQuery',
        message: `got ${bytes} bytes; Athena allows at least ${MIN_BYTES_SCANNED_CUTOFF} bytes`,
      });
    }
  }
  props.databases.forEach((db, index) => {
    const problem = typeof db === 'string' ? glueDatabaseNameProblem(db) : undefined;
    if (problem !== undefined) issues.push({ path: `databases[${index}]`, message: problem });
  });
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
