/**
 * Names derived from the lake, source and stream names, in one place so the stacks, the
 * Lambdas, the CLI and local mode agree on them: stacks, state machines, RDS export tasks,
 * Aurora custom endpoints, the Athena workgroup, Kinesis streams, the MSK cluster, Glue
 * databases and the per-source and per-stream S3 prefixes. Keys below a prefix are laid out by
 * their own modules (`curatedLayout`, `exportLayout`, `replicaRunKeys`, `watermarkKey`), which
 * start from these prefixes; Glue table and view names by `catalogNames` and `archiveTableName`.
 * Lambda functions and log groups are not named: CloudFormation names them, so two lakes never
 * collide.
 *
 * Glue and Athena fold names to lower case and reject hyphens in unquoted
 * identifiers, so catalog names use underscores; CloudFormation stack names keep
 * the lake's hyphens.
 */

/** Turns a lake or source name into a Glue/Athena identifier part: lower case, `-` → `_`. */
function catalogPart(name: string): string {
  return name.toLowerCase().replaceAll('-', '_');
}

/**
 * Turns a source name into a part of an AWS resource name: CloudFormation stacks, state
 * machines and RDS identifiers take `-` where source names (Glue-bound) have `_`.
 */
function resourcePart(name: string): string {
  return name.replaceAll('_', '-');
}

/**
 * The Glue database that holds one source's curated tables.
 *
 * @example
 * ```ts
 * sourceDatabaseName('marketplace', 'service'); // 'marketplace_service'
 * ```
 */
export function sourceDatabaseName(lakeName: string, sourceName: string): string {
  return `${catalogPart(lakeName)}_${catalogPart(sourceName)}`;
}

/**
 * The Glue database that holds the client event tables.
 *
 * @example
 * ```ts
 * eventsDatabaseName('my-lake'); // 'my_lake_events'
 * ```
 */
export function eventsDatabaseName(lakeName: string): string {
  return `${catalogPart(lakeName)}_events`;
}

/** Which stack of the lake: the shared foundation, one per source, or the client events. */
export type StackRole =
  | { readonly kind: 'foundation' }
  | { readonly kind: 'events' }
  | { readonly kind: 'source'; readonly source: string };

/**
 * The CloudFormation stack name of one part of the lake.
 *
 * @example
 * ```ts
 * stackName('marketplace', { kind: 'source', source: 'payments' }); // 'marketplace-source-payments'
 * stackName('marketplace', { kind: 'events' }); // 'marketplace-events'
 * ```
 */
export function stackName(lakeName: string, role: StackRole): string {
  if (role.kind === 'source') return `${lakeName}-source-${resourcePart(role.source)}`;
  return `${lakeName}-${role.kind}`;
}

/** The state machines a source can have: see `SnapshotPipeline`, `ReplicaPipeline` and `CdcApplyPipeline`. */
export type PipelineKind = 'snapshot' | 'replica' | 'cdc';

/**
 * The Step Functions state machine of one of a source's pipelines; the CLI finds it by this name.
 *
 * @example
 * ```ts
 * stateMachineName('marketplace', 'order_db', 'snapshot'); // 'marketplace-order-db-snapshot'
 * stateMachineName('marketplace', 'service', 'replica'); // 'marketplace-service-replica'
 * ```
 */
export function stateMachineName(lakeName: string, sourceName: string, pipeline: PipelineKind): string {
  return `${lakeName}-${resourcePart(sourceName)}-${pipeline}`;
}

/** RDS's longest export task identifier. */
const MAX_EXPORT_ID_LENGTH = 60;
/** Length of `-` plus a run id in lower case: `-20261123t030005z`. */
const RUN_SUFFIX_LENGTH = 17;

/**
 * The first part of a source's RDS export task identifiers; a run's identifier is
 * `<prefix>-<run id in lower case>` (see {@link exportTaskId}).
 *
 * Export task identifiers are unique per account and region, start with a letter and
 * hold letters, digits and single hyphens, at most 60 characters. The lake name keeps
 * two lakes apart; `_` becomes `-` and the prefix is cut to leave room for the run id.
 *
 * @example
 * ```ts
 * exportTaskPrefix('marketplace', 'service_db'); // 'marketplace-service-db'
 * ```
 */
export function exportTaskPrefix(lakeName: string, sourceName: string): string {
  return resourcePart(`${lakeName}-${sourceName}`)
    .replaceAll(/-{2,}/g, '-')
    .slice(0, MAX_EXPORT_ID_LENGTH - RUN_SUFFIX_LENGTH)
    .replace(/-+$/, '');
}

/**
 * The RDS export task identifier of one run: lower case, since RDS identifiers are
 * case-insensitive. The state machine builds the same string with intrinsics.
 *
 * @example
 * ```ts
 * exportTaskId('marketplace-service', '20261123T030005Z'); // 'marketplace-service-20261123t030005z'
 * ```
 */
export function exportTaskId(prefix: string, runId: string): string {
  return `${prefix}-${runId.toLowerCase()}`;
}

/**
 * The raw-bucket prefix one source's snapshot exports land under (StartExportTask's `S3Prefix`).
 *
 * @example
 * ```ts
 * exportPrefix('service'); // 'exports/service/'
 * ```
 */
export function exportPrefix(sourceName: string): string {
  return `exports/${sourceName}/`;
}

/**
 * The raw-bucket prefix of one source's stored replica runs (each run's table and chunk lists,
 * the Distributed Maps' results); the raw bucket's lifecycle expires them.
 *
 * @example
 * ```ts
 * replicaRunsPrefix('service'); // 'replica-runs/service/'
 * ```
 */
export function replicaRunsPrefix(sourceName: string): string {
  return `replica-runs/${sourceName}/`;
}

/**
 * The raw-bucket prefix the source's DMS replication writes its `cdc` tables under (the S3
 * target's `BucketFolder`): DMS adds `<schema>/<table>/` below it ("Using Amazon S3 as a target for
 * AWS Database Migration Service": `BucketFolder/schema_name/table_name/`).
 *
 * @example
 * ```ts
 * cdcPrefix('service'); // 'cdc/service/'
 * ```
 */
export function cdcPrefix(sourceName: string): string {
  return `cdc/${sourceName}/`;
}

/**
 * The column DMS adds to every row it writes for a `cdc` table (its S3 target's
 * `TimestampColumnName`): the source commit time of a change, or the replication's start for a
 * full-load row, as text `yyyy-MM-dd HH:mm:ss.SSSSSS`. The operation (`I`, `U`, `D`) is the
 * first column. The leading `_dms_` keeps it apart from ordinary source column names; a source
 * column of this very name would be shadowed, so the apply step must refuse one.
 */
export const CDC_COMMIT_TIME_COLUMN = '_dms_commit_time';

/**
 * The identifier of a source's DMS Serverless replication (`ReplicationConfigIdentifier`): the
 * lake and source names with `-`, which keeps two lakes of one account apart.
 *
 * @example
 * ```ts
 * cdcReplicationIdentifier('marketplace', 'service_db'); // 'marketplace-service-db-cdc'
 * ```
 */
export function cdcReplicationIdentifier(lakeName: string, sourceName: string): string {
  // DMS identifiers take no two hyphens in a row: collapsed after `-cdc` is added, so a source
  // name ending in `_` cannot leave one.
  return resourcePart(`${lakeName}-${sourceName}-cdc`).replaceAll(/-{2,}/g, '-');
}

/**
 * The curated-bucket prefix of one source's watermarks, one object per incremental table:
 * outside every table's data prefix, so retention never deletes them and Athena never reads them.
 *
 * @example
 * ```ts
 * watermarksPrefix('service'); // '_watermarks/service/'
 * ```
 */
export function watermarksPrefix(sourceName: string): string {
  return `_watermarks/${sourceName}/`;
}

/**
 * The rule CloudFormation's `AWS::RDS::DBClusterEndpoint` schema gives `DBClusterEndpointIdentifier`
 * (aws-cloudformation-resource-providers-rds, aws-rds-dbclusterendpoint.json): a lower-case
 * letter, then lower-case letters, digits and single hyphens, no trailing hyphen, at most 63
 * characters ("The maximum length for a custom endpoint name is 63 characters", Considerations for
 * custom endpoints in Amazon Aurora).
 */
export const CUSTOM_ENDPOINT_IDENTIFIER = /^[a-z](?:-?[a-z0-9]){0,62}$/;

/**
 * The suffixes of the two custom endpoints `SourceReplica` gives an Aurora cluster: the analytics
 * readers' (`READER`) and the product's (`ANY`, every other instance).
 */
export const CUSTOM_ENDPOINT_SUFFIXES = { analytics: '-analytics', product: '-product' } as const;

/** Which of the two custom endpoints. */
export type CustomEndpointRole = keyof typeof CUSTOM_ENDPOINT_SUFFIXES;

/**
 * The longest custom endpoint prefix that leaves room for every suffix within the 63
 * characters of a custom endpoint name ("Considerations for custom endpoints in Amazon Aurora").
 */
export const MAX_CUSTOM_ENDPOINT_PREFIX =
  63 - Math.max(...Object.values(CUSTOM_ENDPOINT_SUFFIXES).map((suffix) => suffix.length));

/**
 * A valid custom endpoint prefix made from any name (e.g. a cluster identifier): lower case,
 * every run of other characters one `-`, no `-` at either end, cut to
 * {@link MAX_CUSTOM_ENDPOINT_PREFIX}.
 *
 * @example
 * ```ts
 * customEndpointPrefix('Marketplace-Cluster_1'); // 'marketplace-cluster-1'
 * ```
 */
export function customEndpointPrefix(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, MAX_CUSTOM_ENDPOINT_PREFIX)
    .replace(/-+$/, '');
}

/**
 * The custom endpoint prefix of a source's Aurora cluster: custom endpoint names are unique per
 * account and region, so the lake's and the source's names make them so.
 *
 * @example
 * ```ts
 * auroraEndpointPrefix('marketplace', 'service_events'); // 'marketplace-service-events'
 * ```
 */
export function auroraEndpointPrefix(lakeName: string, sourceName: string): string {
  return customEndpointPrefix(`${lakeName}-${sourceName}`);
}

/**
 * The identifier (`DBClusterEndpointIdentifier`) of one of the two custom endpoints.
 *
 * @example
 * ```ts
 * customEndpointName('marketplace-service', 'analytics'); // 'marketplace-service-analytics'
 * ```
 */
export function customEndpointName(prefix: string, role: CustomEndpointRole): string {
  return `${prefix}${CUSTOM_ENDPOINT_SUFFIXES[role]}`;
}

/**
 * The Athena workgroup analysts (and the CLI's `query`) run their queries in.
 *
 * @example
 * ```ts
 * workgroupName('marketplace', 'analysts'); // 'marketplace-analysts'
 * ```
 */
export function workgroupName(lakeName: string, workgroup: string): string {
  return `${lakeName}-${workgroup}`;
}

/**
 * The Kinesis data stream apps send one config stream's events to.
 *
 * @example
 * ```ts
 * kinesisStreamName('marketplace', 'app-events'); // 'marketplace-app-events'
 * ```
 */
export function kinesisStreamName(lakeName: string, streamName: string): string {
  return `${lakeName}-${streamName}`;
}

/**
 * The MSK Serverless cluster that holds the lake's event topics.
 *
 * @example
 * ```ts
 * kafkaClusterName('marketplace'); // 'marketplace-events'
 * ```
 */
export function kafkaClusterName(lakeName: string): string {
  return `${lakeName}-events`;
}

/**
 * The Powertools service name of one stream's relay (`POWERTOOLS_SERVICE_NAME`): its logs and
 * metrics are found by it.
 *
 * @example
 * ```ts
 * relayServiceName('marketplace', 'app-events'); // 'marketplace-app-events-relay'
 * ```
 */
export function relayServiceName(lakeName: string, streamName: string): string {
  return `${kinesisStreamName(lakeName, streamName)}-relay`;
}

/**
 * The events-bucket prefix Firehose archives one stream's events under (and its Glue table's
 * location).
 *
 * @example
 * ```ts
 * archivePrefix('app-events'); // 'app-events/'
 * ```
 */
export function archivePrefix(streamName: string): string {
  return `${streamName}/`;
}

/**
 * The events-bucket prefix Firehose writes one stream's records that could not be archived under.
 *
 * @example
 * ```ts
 * archiveErrorPrefix('app-events'); // 'errors/app-events/'
 * ```
 */
export function archiveErrorPrefix(streamName: string): string {
  return `errors/${streamName}/`;
}

/**
 * The CloudWatch namespace of one lake's metrics (see `LAKE_METRICS`): one per lake, so two lakes
 * in an account keep their metrics and alarms apart.
 *
 * @example
 * ```ts
 * metricsNamespace('marketplace'); // 'DataLake/marketplace'
 * ```
 */
export function metricsNamespace(lakeName: string): string {
  return `DataLake/${lakeName}`;
}

/**
 * The lake's alert topic: every alarm and failed-run message goes here.
 *
 * @example
 * ```ts
 * alertTopicName('marketplace'); // 'marketplace-alerts'
 * ```
 */
export function alertTopicName(lakeName: string): string {
  return `${lakeName}-alerts`;
}
