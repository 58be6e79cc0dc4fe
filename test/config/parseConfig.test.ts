import { parseConfig } from '../../lib/config';
import { ConfigError, type ConfigIssue } from '../../lib/core/errors';
import { configWith, validConfig, validSource, validStream, validTable } from '../helpers/configFactory';

/** The issues of the ConfigError that parsing `input` throws; fails the test when it does not throw one. */
function issuesOf(input: unknown): readonly ConfigIssue[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

/** One invalid config: what to set, where the error must point, and words the message must hold. */
interface InvalidCase {
  readonly title: string;
  readonly input: unknown;
  readonly path: string;
  readonly message: RegExp;
}

const users = 'sources[0].tables[0]';

const cases: readonly InvalidCase[] = [
  // Unknown keys, at every level.
  {
    title: 'an unknown top-level key',
    input: configWith({ colour: 'blue' }),
    path: 'colour',
    message:
      /unknown key "colour"; allowed keys: name, aws, network, storage, query, masking, pools, sources, streams/,
  },
  {
    title: 'an unknown table key',
    input: configWith({ [`${users}.colums`]: {} }),
    path: `${users}.colums`,
    message: /unknown key "colums"; allowed keys: name, schema, mode, .*columns/,
  },
  {
    title: 'an unknown column rule key',
    input: configWith({ [`${users}.columns.email.salt`]: 'x' }),
    path: `${users}.columns.email.salt`,
    message: /unknown key "salt"; allowed keys: drop, mask, length, token, rename, cast/,
  },
  {
    title: 'an unknown replica key',
    input: configWith({ 'sources[0].replica.size': 2 }),
    path: 'sources[0].replica.size',
    message: /unknown key "size"/,
  },
  {
    title: 'an unknown relay key',
    input: configWith({ streams: [validStream({ relay: { batchSize: 10 } })], 'streams[0].relay.batch': 1 }),
    path: 'streams[0].relay.batch',
    message: /unknown key "batch"; allowed keys: batchSize/,
  },
  // Analysts: named IAM roles or users only, never an account.
  {
    title: 'an account root as an analyst principal',
    input: configWith({ 'query.analystPrincipals': ['arn:aws:iam::123456789012:root'] }),
    path: 'query.analystPrincipals[0]',
    message: /received "arn:aws:iam::123456789012:root"; allowed: an IAM role or user ARN/,
  },
  {
    title: 'an unknown catalog encryption choice',
    input: configWith({ 'query.catalogEncryption': 'aws-managed' }),
    path: 'query.catalogEncryption',
    message: /lake-key|unmanaged/,
  },
  // Identifiers.
  {
    title: 'a table name with a quote',
    input: configWith({ [`${users}.name`]: 'users"' }),
    path: `${users}.name`,
    message: /received "users\\""; allowed: a SQL identifier/,
  },
  {
    title: 'a table name with a space',
    input: configWith({ [`${users}.name`]: 'my users' }),
    path: `${users}.name`,
    message: /received "my users"; allowed: a SQL identifier/,
  },
  {
    title: 'a table name with a semicolon',
    input: configWith({ [`${users}.name`]: 'users;drop' }),
    path: `${users}.name`,
    message: /received "users;drop"/,
  },
  {
    title: 'a table name starting with a digit',
    input: configWith({ [`${users}.name`]: '1users' }),
    path: `${users}.name`,
    message: /received "1users"/,
  },
  {
    title: 'a column key that is not an identifier',
    input: configWith({ [`${users}.columns`]: { 'first name': 'drop' } }),
    path: `${users}.columns["first name"]`,
    message: /^received "first name"; allowed: a SQL identifier/,
  },
  {
    title: 'a rename with upper case',
    input: configWith({ [`${users}.columns.email`]: { rename: 'Email' } }),
    path: `${users}.columns.email.rename`,
    message: /received "Email"; allowed: a lower-case letter/,
  },
  {
    title: 'a source name with a hyphen',
    input: configWith({ 'sources[0].name': 'my-service' }),
    path: 'sources[0].name',
    message: /received "my-service"/,
  },
  {
    title: 'an upper-case lake name',
    input: configWith({ name: 'Lake' }),
    path: 'name',
    message: /received "Lake"/,
  },
  {
    title: 'a Kafka topic with a slash',
    input: configWith({ streams: [validStream({ kafkaTopic: 'app/events' })] }),
    path: 'streams[0].kafkaTopic',
    message: /received "app\/events"/,
  },
  {
    title: 'an instance identifier ending in a hyphen',
    input: configWith({ 'sources[0].primary.instanceIdentifier': 'service-' }),
    path: 'sources[0].primary.instanceIdentifier',
    message: /received "service-"; allowed: a letter/,
  },
  {
    title: 'an instance identifier over 63 characters',
    input: configWith({ 'sources[0].primary.instanceIdentifier': 'a'.repeat(64) }),
    path: 'sources[0].primary.instanceIdentifier',
    message: /allowed: .*at most 63 characters/,
  },
  // Duplicates.
  {
    title: 'two sources with one name',
    input: validConfig({ sources: [validSource(), validSource({ database: 'other' })] }),
    path: 'sources[1].name',
    message: /received "service", already used by sources\[0\]/,
  },
  {
    title: 'a table configured twice in one source',
    input: configWith({ 'sources[0].tables': [validTable(), validTable({ priority: 1 })] }),
    path: 'sources[0].tables[1].name',
    message: /received "users", which tables\[0\] already configures \(service\.users\)/,
  },
  {
    title: 'two postgres tables whose names differ only in case (one lake name)',
    input: configWith({
      'sources[0]': validSource({
        engine: 'postgres',
        tables: [validTable({ name: 'Users' }), validTable({ name: 'users' })],
      }),
    }),
    path: 'sources[0].tables[1].name',
    message:
      /received "public\.users", which the lake would publish as "users" like tables\[0\] "public\.Users".*allowed: one of the two in tables.*columns\.<name>\.rename renames columns only/,
  },
  {
    title: 'one table name in two postgres schemas (one lake name)',
    input: configWith({
      'sources[0]': validSource({
        engine: 'postgres',
        tables: [validTable({ name: 'users' }), validTable({ name: 'users', schema: 'sales' })],
      }),
    }),
    path: 'sources[0].tables[1].name',
    message:
      /received "sales\.users", which the lake would publish as "users" like tables\[0\] "public\.users"/,
  },
  {
    title: "a table named like another table's _latest view",
    input: configWith({
      'sources[0].tables': [validTable({ name: 'orders' }), validTable({ name: 'orders_latest' })],
    }),
    path: 'sources[0].tables[1].name',
    message:
      /received "service\.orders_latest", which the lake would publish as "orders_latest" like tables\[0\] "service\.orders"/,
  },
  {
    title: 'two pools with one name',
    input: configWith({
      pools: [
        { name: 'default', maxConcurrency: 1 },
        { name: 'default', maxConcurrency: 2 },
      ],
    }),
    path: 'pools[1].name',
    message: /received "default", already used by pools\[0\]/,
  },
  {
    title: 'two streams with one name',
    input: configWith({ streams: [validStream(), validStream({ kafkaTopic: 'other' })] }),
    path: 'streams[1].name',
    message: /received "app-events", already used by streams\[0\]/,
  },
  {
    title: 'two streams with one Kafka topic',
    input: configWith({ streams: [validStream(), validStream({ name: 'other' })] }),
    path: 'streams[1].kafkaTopic',
    message: /received "app\.events", already used by streams\[0\]/,
  },
  // Column rules.
  {
    title: 'two columns renamed to one name',
    input: configWith({ [`${users}.columns`]: { a: { rename: 'x' }, b: { rename: 'x' } } }),
    path: `${users}.columns.b.rename`,
    message: /received "x", which column "a" already has/,
  },
  {
    title: 'a column renamed onto another configured column',
    input: configWith({
      [`${users}.columns`]: { nick: { rename: 'name' }, name: { mask: 'truncate', length: 1 } },
    }),
    path: `${users}.columns.nick.rename`,
    message: /received "name", which column "name" already has/,
  },
  {
    title: 'truncate without length',
    input: configWith({ [`${users}.columns.email`]: { mask: 'truncate' } }),
    path: `${users}.columns.email.length`,
    message: /required with mask: truncate/,
  },
  {
    title: 'length with another mask',
    input: configWith({ [`${users}.columns.email`]: { mask: 'hash', length: 2 } }),
    path: `${users}.columns.email.length`,
    message: /only allowed with mask: truncate, received mask: hash/,
  },
  {
    title: 'token with another mask',
    input: configWith({ [`${users}.columns.email`]: { mask: 'hash', token: '***' } }),
    path: `${users}.columns.email.token`,
    message: /only allowed with mask: redact, received mask: hash/,
  },
  {
    title: 'drop combined with a mask',
    input: configWith({ [`${users}.columns.email`]: { drop: true, mask: 'hash' } }),
    path: `${users}.columns.email.mask`,
    message: /cannot be combined with drop/,
  },
  {
    title: 'an empty column rule',
    input: configWith({ [`${users}.columns.email`]: {} }),
    path: `${users}.columns.email`,
    message: /received an empty rule/,
  },
  {
    title: 'an unknown mask',
    input: configWith({ [`${users}.columns.email.mask`]: 'hide' }),
    path: `${users}.columns.email.mask`,
    message: /received "hide"; allowed: "hash" \| "redact" \| "truncate"/,
  },
  {
    title: 'a rule string other than drop',
    input: configWith({ [`${users}.columns.email`]: 'remove' }),
    path: `${users}.columns.email`,
    message: /received "remove"; allowed: "drop", or an object/,
  },
  {
    title: 'a cast to a type Athena does not have',
    input: configWith({ [`${users}.columns.email`]: { cast: 'text' } }),
    path: `${users}.columns.email.cast`,
    message: /received "text"; allowed Athena types: boolean/,
  },
  {
    title: 'a cast to a decimal wider than 38 digits',
    input: configWith({ [`${users}.columns.email`]: { cast: 'decimal(40,2)' } }),
    path: `${users}.columns.email.cast`,
    message: /decimal precision must be 1..38, received 40/,
  },
  {
    title: 'a payload field of a type Athena does not have',
    input: configWith({ streams: [validStream({ payloadFields: { itemId: 'long' } })] }),
    path: 'streams[0].payloadFields.itemId',
    message: /received "long"; allowed Athena types/,
  },
  // Partitions.
  {
    title: 'partitioning by a dropped column',
    input: configWith({ [`${users}.columns.email`]: 'drop', [`${users}.partitionBy`]: ['email'] }),
    path: `${users}.partitionBy[0]`,
    message: /received "email", which columns\.email drops/,
  },
  {
    title: 'partitioning by a column dropped with { drop: true }',
    input: configWith({
      [`${users}.columns.email`]: { drop: true },
      [`${users}.partitionBy`]: [{ column: 'email', granularity: 'month' }],
    }),
    path: `${users}.partitionBy[0].column`,
    message: /which columns\.email drops/,
  },
  {
    title: 'an unknown partition granularity',
    input: configWith({ [`${users}.partitionBy`]: [{ column: 'created_at', granularity: 'week' }] }),
    path: `${users}.partitionBy[0].granularity`,
    message: /received "week"; allowed: "year" \| "month" \| "day" \| "value"/,
  },
  // Replicas and the primary.
  {
    title: 'six replicas of an RDS instance',
    input: configWith({ 'sources[0].replica.count': 6 }),
    path: 'sources[0].replica.count',
    message: /received 6; allowed: at most 5 read replicas per RDS instance/,
  },
  {
    title: 'sixteen readers of an Aurora cluster',
    input: configWith({
      'sources[0].primary': { clusterIdentifier: 'service-aurora', securityGroupId: 'sg-0abc1234' },
      'sources[0].replica.count': 16,
    }),
    path: 'sources[0].replica.count',
    message: /received 16; allowed: at most 15 Aurora readers per cluster/,
  },
  {
    title: 'an Aurora cluster without its security group',
    input: configWith({ 'sources[0].primary': { clusterIdentifier: 'service-aurora' } }),
    path: 'sources[0].primary.securityGroupId',
    message: /is required with clusterIdentifier/,
  },
  {
    title: 'a cluster security group on an RDS instance',
    input: configWith({ 'sources[0].primary.securityGroupId': 'sg-0abc1234' }),
    path: 'sources[0].primary.securityGroupId',
    message: /is only allowed with clusterIdentifier/,
  },
  {
    title: 'both an instance and a cluster',
    input: configWith({ 'sources[0].primary.clusterIdentifier': 'service-aurora' }),
    path: 'sources[0].primary',
    message:
      /received both; allowed: exactly one of instanceIdentifier \(RDS\) or clusterIdentifier \(Aurora\)/,
  },
  {
    title: 'neither an instance nor a cluster',
    input: configWith({ 'sources[0].primary': {} }),
    path: 'sources[0].primary',
    message: /received neither/,
  },
  {
    title: 'an instance class with the db. prefix',
    input: configWith({ 'sources[0].replica.instanceClass': 'db.r6g.large' }),
    path: 'sources[0].replica.instanceClass',
    message: /received "db\.r6g\.large"; allowed: an instance class without the "db\." prefix/,
  },
  {
    title: 'a monitoring interval RDS does not offer',
    input: configWith({ 'sources[0].replica.monitoringIntervalSeconds': 20 }),
    path: 'sources[0].replica.monitoringIntervalSeconds',
    message: /received 20; allowed: 0 \| 1 \| 5 \| 10 \| 15 \| 30 \| 60/,
  },
  // Pools and table selection.
  {
    title: 'a table in a pool that is not defined',
    input: configWith({ [`${users}.pool`]: 'huge' }),
    path: `${users}.pool`,
    message: /received "huge", which pools does not define; allowed: defined pools: default/,
  },
  {
    title: 'includeTables all without a default pool',
    input: configWith({ pools: [{ name: 'small', maxConcurrency: 1 }], [`${users}.pool`]: 'small' }),
    path: 'sources[0].includeTables',
    message: /received "all", so tables not listed run in pool "default", which pools does not define/,
  },
  {
    title: 'a table both configured and excluded',
    input: configWith({ 'sources[0].excludeTables': ['sessions', 'users'] }),
    path: 'sources[0].excludeTables[1]',
    message: /received "users", which is also configured in tables/,
  },
  {
    title: 'includeTables all with incremental as the default mode',
    input: configWith({ 'sources[0].defaultMode': 'incremental', [`${users}.mode`]: 'snapshot-export' }),
    path: 'sources[0].defaultMode',
    message: /received "incremental" with includeTables "all": tables not listed have no watermarkColumn/,
  },
  {
    title: 'includeTables listed with no tables',
    input: configWith({ 'sources[0].includeTables': 'listed', 'sources[0].tables': [] }),
    path: 'sources[0].includeTables',
    message: /received "listed" with no tables/,
  },
  {
    title: 'a mysql table in another schema',
    input: configWith({ [`${users}.schema`]: 'other' }),
    path: `${users}.schema`,
    message: /received "other"; a mysql table lives in the source database, allowed: "service"/,
  },
  // Modes.
  {
    title: 'an incremental table without a watermark column',
    input: configWith({ [`${users}.mode`]: 'incremental' }),
    path: `${users}.watermarkColumn`,
    message: /received nothing; required when mode is incremental/,
  },
  {
    title: 'a table incremental through defaultMode without a watermark column',
    input: configWith({ 'sources[0].defaultMode': 'incremental' }),
    path: `${users}.watermarkColumn`,
    message: /required when mode is incremental/,
  },
  {
    title: 'a watermark column with another mode',
    input: configWith({ [`${users}.watermarkColumn`]: 'updated_at' }),
    path: `${users}.watermarkColumn`,
    message: /received "updated_at" with mode snapshot-export; allowed only with mode incremental/,
  },
  {
    title: 'a chunk size under 1000 rows',
    input: configWith({ [`${users}.chunkSize`]: 10 }),
    path: `${users}.chunkSize`,
    message: /received 10; allowed: at least 1000/,
  },
  {
    title: 'a five-field Unix cron schedule',
    input: configWith({ 'sources[0].schedule': 'cron(0 3 * * *)' }),
    path: 'sources[0].schedule',
    message: /received "cron\(0 3 \* \* \*\)"; allowed: an EventBridge schedule/,
  },
  // Streams.
  {
    title: 'a provisioned stream without shardCount',
    input: configWith({ streams: [validStream({ capacity: 'provisioned' })] }),
    path: 'streams[0].shardCount',
    message: /received nothing; required when capacity is provisioned/,
  },
  {
    title: 'an on-demand stream with shardCount',
    input: configWith({ streams: [validStream({ shardCount: 2 })] }),
    path: 'streams[0].shardCount',
    message: /received 2 with capacity on-demand; allowed only with capacity provisioned/,
  },
  {
    title: 'payload fields that differ only by case',
    input: configWith({ streams: [validStream({ payloadFields: { itemId: 'bigint', itemid: 'string' } })] }),
    path: 'streams[0].payloadFields.itemid',
    message: /the same archive column as "itemId"/,
  },
  {
    title: 'a retention under 24 hours',
    input: configWith({ streams: [validStream({ retentionHours: 12 })] }),
    path: 'streams[0].retentionHours',
    message: /received 12; allowed: at least 24/,
  },
  // AWS identifiers.
  {
    title: 'a credentials ARN of another service',
    input: configWith({
      'sources[0].credentialsSecretArn': 'arn:aws:ssm:eu-west-1:123456789012:parameter/db',
    }),
    path: 'sources[0].credentialsSecretArn',
    message: /received "arn:aws:ssm:.*"; allowed: a complete Secrets Manager secret ARN/,
  },
  {
    title: 'a credentials ARN without the random suffix',
    input: configWith({
      'sources[0].credentialsSecretArn': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:reader',
    }),
    path: 'sources[0].credentialsSecretArn',
    message: /allowed: a complete Secrets Manager secret ARN/,
  },
  {
    title: 'a salt ARN with a short account',
    input: configWith({
      'masking.saltSecretArn': 'arn:aws:secretsmanager:eu-west-1:1234:secret:salt-AbCdEf',
    }),
    path: 'masking.saltSecretArn',
    message: /allowed: a complete Secrets Manager secret ARN/,
  },
  {
    title: 'an account id written as a YAML number',
    input: configWith({ 'aws.account': 123456789012 }),
    path: 'aws.account',
    message: /received 123456789012; allowed: 12 digits as a string, quoted in YAML/,
  },
  {
    title: 'a region that is not a region code',
    input: configWith({ 'aws.region': 'Ireland' }),
    path: 'aws.region',
    message: /received "Ireland"; allowed: an AWS region code/,
  },
  {
    title: 'a scan limit under Athena minimum',
    input: configWith({ 'query.bytesScannedCutoffPerQuery': 1000 }),
    path: 'query.bytesScannedCutoffPerQuery',
    message: /received 1000; allowed: at least 10000000/,
  },
  // Shape.
  {
    title: 'no sources and no streams',
    input: configWith({ sources: [] }),
    path: 'sources',
    message: /received no source and no stream; allowed: at least one source, or streams/,
  },
  {
    title:
      'an Aurora source read from its readers in a VPC the lake creates (security groups cannot be referenced across VPCs)',
    input: configWith({
      'sources[0].primary': {
        clusterIdentifier: 'marketplace-aurora',
        securityGroupId: 'sg-0a1b2c3d4e5f67890',
      },
      'sources[0].defaultMode': 'replica-query',
    }),
    path: 'sources[0].primary.clusterIdentifier',
    message:
      /but network\.vpcId is not set; allowed: set network\.vpcId .* EC2 refuses security-group references across VPCs/,
  },
  {
    title: 'an imported VPC without a choice of endpoints',
    input: configWith({
      'network.vpcId': 'vpc-0abc1234def567890',
      'network.subnetIds': ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      'network.availabilityZones': ['eu-west-1a', 'eu-west-1b'],
    }),
    path: 'network.endpoints',
    message: /is required with vpcId, received nothing; allowed: "create" .* or "existing"/,
  },
  {
    title: 'endpoints created in an imported VPC without its route tables',
    input: configWith({
      'network.vpcId': 'vpc-0abc1234def567890',
      'network.subnetIds': ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      'network.availabilityZones': ['eu-west-1a', 'eu-west-1b'],
      'network.endpoints': 'create',
      'network.cidrBlock': '10.20.0.0/16',
    }),
    path: 'network.routeTableIds',
    message: /is required with vpcId and endpoints: create/,
  },
  {
    title: 'existing endpoints in a VPC the lake creates',
    input: configWith({ 'network.endpoints': 'existing' }),
    path: 'network.endpoints',
    message: /received "existing" without vpcId/,
  },
  {
    title: "existing endpoints without their security group (the functions' only HTTPS destination)",
    input: configWith({
      'network.vpcId': 'vpc-0abc1234def567890',
      'network.subnetIds': ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      'network.availabilityZones': ['eu-west-1a', 'eu-west-1b'],
      'network.endpoints': 'existing',
    }),
    path: 'network.endpointSecurityGroupId',
    message: /is required with endpoints: existing, received nothing/,
  },
  {
    title: 'an endpoint security group for endpoints the lake creates',
    input: configWith({ 'network.endpointSecurityGroupId': 'sg-0a1b2c3d4e5f67890' }),
    path: 'network.endpointSecurityGroupId',
    message: /is only allowed with vpcId/,
  },
  {
    title: 'a missing lake name',
    input: configWith({ name: undefined }),
    path: 'name',
    message: /received nothing; allowed: a lower-case letter/,
  },
  {
    title: 'an imported VPC without its subnets',
    input: configWith({
      'network.vpcId': 'vpc-0abc1234def567890',
      'network.availabilityZones': ['eu-west-1a', 'eu-west-1b'],
    }),
    path: 'network.subnetIds',
    message: /is required with vpcId/,
  },
  {
    title: 'subnets without an imported VPC',
    input: configWith({ 'network.subnetIds': ['subnet-0abc1234', 'subnet-0abc1235'] }),
    path: 'network.subnetIds',
    message: /is only allowed with vpcId/,
  },
  {
    title: 'fewer subnets than zones',
    input: configWith({
      'network.vpcId': 'vpc-0abc1234',
      'network.subnetIds': ['subnet-0abc1234', 'subnet-0abc1235'],
      'network.availabilityZones': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    }),
    path: 'network.subnetIds',
    message: /received 2 subnets for 3 zones/,
  },
  {
    title: 'a malformed zone name',
    input: configWith({ 'network.availabilityZones': ['eu-west-1', 'eu-west-1b'] }),
    path: 'network.availabilityZones[0]',
    message: /received "eu-west-1"; allowed: an Availability Zone name/,
  },
  // Freshness SLOs and alerts.
  {
    title: 'a freshness SLO without a unit',
    input: configWith({ [`${users}.freshnessSlo`]: '26' }),
    path: `${users}.freshnessSlo`,
    message: /received "26"; allowed: a duration: a whole number then m, h or d/,
  },
  {
    title: "a source's freshness SLO in weeks",
    input: configWith({ 'sources[0].freshnessSlo': '1w' }),
    path: 'sources[0].freshnessSlo',
    message: /received "1w"; allowed: a duration/,
  },
  {
    title: 'a derived freshness in seconds that disagrees with freshnessSlo',
    input: configWith({ [`${users}.freshnessSlo`]: '2d', [`${users}.freshnessSloSeconds`]: 60 }),
    path: `${users}.freshnessSloSeconds`,
    message: /received 60, but freshnessSlo and the schedule give 172800/,
  },
  {
    title: 'an alert email that is not an address',
    input: configWith({ 'alerts.email': ['oncall'] }),
    path: 'alerts.email[0]',
    message: /received "oncall"; allowed: an email address/,
  },
  {
    title: 'an alert endpoint over plain HTTP',
    input: configWith({ 'alerts.httpsEndpoints': ['http://alerts.example.com'] }),
    path: 'alerts.httpsEndpoints[0]',
    message: /received "http:\/\/alerts.example.com"; allowed: an https:\/\/ URL/,
  },
  {
    title: 'a Slack channel given by name',
    input: configWith({ 'alerts.slack': { workspaceId: 'T07EA123LEP', channelId: '#data-oncall' } }),
    path: 'alerts.slack.channelId',
    message: /received "#data-oncall"; allowed: a Slack channel id/,
  },
  {
    title: 'a duration threshold above 100% of the timeout',
    input: configWith({ 'alerts.thresholds.lambdaDurationPercentOfTimeout': 120 }),
    path: 'alerts.thresholds.lambdaDurationPercentOfTimeout',
    message: /120/,
  },
  {
    title: 'a fractional priority',
    input: configWith({ [`${users}.priority`]: 1.5 }),
    path: `${users}.priority`,
    message: /received 1\.5; allowed: an integer/,
  },
];

describe('parseConfig', () => {
  it.each(cases)('reports $title at $path', ({ input, path, message }) => {
    // Act
    const issues = issuesOf(input);

    // Assert
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every field problem of a config at once', () => {
    // Arrange: three unrelated mistakes in three places
    const input = configWith({
      colour: 'blue',
      'sources[0].tables[0].name': 'my users',
      'sources[0].tables[0].columns.email.mask': 'hide',
    });

    // Act
    const paths = issuesOf(input).map((issue) => issue.path);

    // Assert
    expect(paths).toEqual(
      expect.arrayContaining([
        'colour',
        'sources[0].tables[0].name',
        'sources[0].tables[0].columns.email.mask',
      ]),
    );
    expect(paths).toHaveLength(3);
  });

  it('reports rule problems and whole-config problems together', () => {
    // Arrange: a column rule problem, a replica limit, an undefined pool and a duplicate stream
    const input = configWith({
      'sources[0].tables[0].columns.email': { mask: 'truncate' },
      'sources[0].replica.count': 9,
      'sources[0].tables[0].pool': 'huge',
      streams: [validStream(), validStream()],
    });

    // Act
    const paths = issuesOf(input).map((issue) => issue.path);

    // Assert
    expect(paths).toEqual(
      expect.arrayContaining([
        'sources[0].tables[0].columns.email.length',
        'sources[0].replica.count',
        'sources[0].tables[0].pool',
        'streams[1].name',
        'streams[1].kafkaTopic',
      ]),
    );
  });

  it('reports one problem once', () => {
    // Arrange: too long and a bad pattern are one mistake
    const input = configWith({ 'sources[0].primary.instanceIdentifier': `${'a'.repeat(70)}-` });

    // Act
    const issues = issuesOf(input);

    // Assert
    expect(issues).toHaveLength(1);
  });

  it('puts the file and every issue in the error message', () => {
    // Act
    const act = () => parseConfig(configWith({ colour: 'blue', name: 'Lake' }), 'lake.yaml');

    // Assert
    expect(act).toThrow(/Invalid data lake config in lake\.yaml:\n {2}name: .*\n {2}colour: unknown key/);
  });

  it('accepts tables of two PostgreSQL schemas whose lake names differ (one name in both is refused above)', () => {
    // Arrange
    const source = validSource({
      engine: 'postgres',
      tables: [validTable(), validTable({ name: 'users_audit', schema: 'audit' })],
    });

    // Act
    const config = parseConfig(validConfig({ sources: [source] }));

    // Assert
    expect(config.sources[0]?.tables.map((table) => `${table.schema}.${table.name}`)).toEqual([
      'public.users',
      'audit.users_audit',
    ]);
  });

  it('accepts 15 Aurora readers', () => {
    // Arrange
    const source = validSource({
      primary: { clusterIdentifier: 'service-aurora', securityGroupId: 'sg-0abc1234' },
      replica: { count: 15 },
    });

    // Act
    const config = parseConfig(validConfig({ sources: [source] }));

    // Assert
    expect(config.sources[0]?.replica.count).toBe(15);
  });

  it('accepts a swap of two column names and a rename combined with a mask and a cast', () => {
    // Arrange
    const table = validTable({
      columns: {
        a: { rename: 'b' },
        b: { rename: 'a' },
        email: { mask: 'hash', rename: 'email_hash', cast: 'varchar(64)' },
      },
    });

    // Act
    const config = parseConfig(validConfig({ sources: [validSource({ tables: [table] })] }));

    // Assert
    expect(config.sources[0]?.tables[0]?.columns.email).toEqual({
      drop: false,
      mask: 'hash',
      rename: 'email_hash',
      cast: 'varchar(64)',
    });
  });
});

describe('parseConfig defaults', () => {
  it('fills every section of a minimal config', () => {
    // Act
    const config = parseConfig({
      name: 'lake',
      sources: [{ ...validSource(), tables: undefined }],
    });

    // Assert
    expect(config).toMatchObject({
      aws: {},
      network: { maxAzs: 2 },
      storage: {
        rawExportExpirationDays: 7,
        queryResultsExpirationDays: 30,
        curatedNoncurrentVersionExpirationDays: 30,
        retainOnDelete: true,
      },
      query: {
        workgroupName: 'analysts',
        bytesScannedCutoffPerQuery: 10737418240,
        analystPrincipals: [],
        catalogEncryption: 'lake-key',
      },
      masking: {},
      pools: [{ name: 'default', maxConcurrency: 2 }],
      streams: [],
      alerts: {
        email: [],
        httpsEndpoints: [],
        thresholds: {
          lambdaDurationPercentOfTimeout: 90,
          kinesisIteratorAgeSeconds: 3600,
          firehoseDataFreshnessSeconds: 1800,
        },
      },
    });
    expect(config.sources[0]).toMatchObject({
      port: 3306,
      defaultMode: 'snapshot-export',
      includeTables: 'all',
      excludeTables: [],
      tables: [],
      replica: {
        count: 1,
        instanceClass: 't4g.medium',
        monitoringIntervalSeconds: 60,
        performanceInsights: true,
        deletionProtection: true,
        maxLagSeconds: 300,
      },
    });
  });

  it('fills a table from its source: schema, mode, pool and the rest', () => {
    // Arrange
    const source = validSource({
      engine: 'postgres',
      defaultMode: 'replica-query',
      tables: [{ name: 'users' }],
    });

    // Act
    const config = parseConfig(validConfig({ sources: [source] }));

    // Assert
    expect(config.sources[0]?.port).toBe(5432);
    expect(config.sources[0]?.tables[0]).toEqual({
      name: 'users',
      schema: 'public',
      mode: 'replica-query',
      pool: 'default',
      priority: 0,
      chunkSize: 100000,
      partitionBy: [],
      newColumns: 'exclude',
      columns: {},
      freshnessSloSeconds: 26 * 3600,
    });
  });

  it("derives each table's freshness SLO from its own, its source's or the schedule", () => {
    // Arrange
    const hourly = validSource({
      schedule: 'rate(1 hour)',
      tables: [validTable({ name: 'users', freshnessSlo: '90m' }), validTable({ name: 'items' })],
    });
    const daily = validSource({ name: 'payments', freshnessSlo: '2d', tables: [validTable()] });

    // Act
    const config = parseConfig(validConfig({ sources: [hourly, daily] }));

    // Assert
    const slos = config.sources.map((source) => [
      source.freshnessSloSeconds,
      source.tables.map((table) => table.freshnessSloSeconds),
    ]);
    expect(slos).toEqual([
      [7200, [5400, 7200]],
      [172_800, [172_800]],
    ]);
  });

  it('keeps the alert subscriptions as written', () => {
    // Arrange
    const alerts = {
      email: ['oncall@example.com'],
      httpsEndpoints: ['https://alerts.example.com/hook'],
      slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' },
    };

    // Act
    const config = parseConfig(validConfig({ alerts }));

    // Assert
    expect(config.alerts).toMatchObject(alerts);
  });

  it('normalizes "drop" and bare partition columns', () => {
    // Arrange
    const table = validTable({
      columns: { password: 'drop', email: { drop: true } },
      partitionBy: ['country'],
    });

    // Act
    const config = parseConfig(validConfig({ sources: [validSource({ tables: [table] })] }));

    // Assert
    const parsed = config.sources[0]?.tables[0];
    expect(parsed?.columns).toEqual({ password: { drop: true }, email: { drop: true } });
    expect(parsed?.partitionBy).toEqual([{ column: 'country', granularity: 'value' }]);
  });

  it('keeps an explicit port and fills stream defaults', () => {
    // Arrange
    const input = validConfig({ sources: [validSource({ port: 3307 })], streams: [validStream()] });

    // Act
    const config = parseConfig(input);

    // Assert
    expect(config.sources[0]?.port).toBe(3307);
    expect(config.streams[0]).toEqual({
      name: 'app-events',
      partitionKeyField: 'userId',
      kafkaTopic: 'app.events',
      kafkaPartitions: 6,
      capacity: 'on-demand',
      retentionHours: 24,
      publicClients: false,
      relay: { batchSize: 100, maxBatchingWindowSeconds: 1, parallelizationFactor: 1, maxRetryAttempts: 3 },
    });
  });
});
