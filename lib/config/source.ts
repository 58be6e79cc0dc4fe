import * as z from 'zod';
import { DEFAULT_REPLICA_TIMEOUTS } from '../core/extract/ReplicaTimeouts';
import {
  clusterResourceIdSchema,
  dbIdentifierSchema,
  instanceClassSchema,
  secretArnSchema,
  securityGroupIdSchema,
} from './awsIdentifiers';
import { cdcSettingsSchema } from './cdcSettings';
import { checkDerivedFreshness, derivedFreshnessSecondsSchema, freshnessSloSchema } from './freshnessSlo';
import { excludedTableSchema, sourceNameSchema, sqlIdentifierSchema } from './identifiers';
import { invalidDatesSchema } from './invalidDates';
import { scheduleExpressionSchema } from './scheduleExpression';
import { checkSource } from './sourceChecks';
import { extractModeSchema, tableSchema } from './table';
import { unboundedNumericSchema } from './unboundedNumeric';

/** The production database the lake reads from: an RDS instance or an Aurora cluster, never both. */
export const primarySchema = z
  .strictObject({
    instanceIdentifier: dbIdentifierSchema
      .optional()
      .describe('RDS DB instance identifier (set this or clusterIdentifier).'),
    clusterIdentifier: dbIdentifierSchema
      .optional()
      .describe('Aurora DB cluster identifier (set this or instanceIdentifier).'),
    securityGroupId: securityGroupIdSchema
      .optional()
      .describe(
        "The Aurora cluster's security group (required with clusterIdentifier): Aurora sets security groups per cluster, so the pipeline is let in there.",
      ),
    clusterResourceId: clusterResourceIdSchema
      .optional()
      .describe(
        'The Aurora cluster resource id, for IAM database authentication (only with clusterIdentifier).',
      ),
  })
  .superRefine((primary, ctx) => {
    const both = primary.instanceIdentifier !== undefined && primary.clusterIdentifier !== undefined;
    const neither = primary.instanceIdentifier === undefined && primary.clusterIdentifier === undefined;
    if (both || neither) {
      ctx.addIssue({
        code: 'custom',
        message: `received ${both ? 'both' : 'neither'}; allowed: exactly one of instanceIdentifier (RDS) or clusterIdentifier (Aurora)`,
      });
    }
    const aurora = primary.clusterIdentifier !== undefined;
    if (aurora && primary.securityGroupId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['securityGroupId'],
        message:
          'is required with clusterIdentifier, received nothing (Aurora sets security groups per cluster)',
      });
    }
    for (const key of ['securityGroupId', 'clusterResourceId'] as const) {
      if (!aurora && primary[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is only allowed with clusterIdentifier' });
      }
    }
  });

/** The read replica(s) the lake provisions so it never queries the primary. */
export const replicaSchema = z.strictObject({
  count: z
    .int()
    .min(1)
    .default(1)
    .describe('Read replicas (RDS, at most 5) or Aurora readers (at most 15) to create.'),
  instanceClass: instanceClassSchema
    .default('t4g.medium')
    .describe('Instance class without the "db." prefix.'),
  monitoringIntervalSeconds: z
    .literal([0, 1, 5, 10, 15, 30, 60])
    .default(60)
    .describe('Enhanced monitoring interval; 0 turns enhanced monitoring off.'),
  performanceInsights: z.boolean().default(true).describe('Turn on Performance Insights.'),
  deletionProtection: z.boolean().default(true).describe('Protect the replica from deletion.'),
  maxLagSeconds: z
    .int()
    .min(0)
    .default(300)
    .describe('Runs wait, then fail, while the replica lags the primary by more than this.'),
  unmeasuredLag: z
    .enum(['fail', 'warn'])
    .default('fail')
    .describe(
      "What a run does when it cannot measure a replica's lag (the server reports no replication, or Aurora has no status for an analytics reader): fail ends the run before it reads; warn logs a warning and reads anyway.",
    ),
});

const { connectSeconds, statementSeconds, idleSeconds } = DEFAULT_REPLICA_TIMEOUTS;

/**
 * A statement must end with its own error before its Lambda's timeout stops the function with
 * none: below the replica plan's 600 s (the extract has 900 s, Lambda's maximum: "Configure Lambda
 * function timeout", https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
 */
const MAX_STATEMENT_SECONDS = 570;

/**
 * Bounds on every session the replica pipeline opens on the database (the lag check, the plan, each
 * chunk; local runs too), so a dead or silent server fails the step naming its host instead of
 * hanging the run.
 */
export const sourceTimeoutsSchema = z.strictObject({
  connectSeconds: z
    .int()
    .min(1)
    .max(120)
    .default(connectSeconds)
    .describe('Seconds to open a session (TCP, TLS, login) before the step fails naming the host.'),
  statementSeconds: z
    .int()
    .min(1)
    .max(MAX_STATEMENT_SECONDS)
    .default(statementSeconds)
    .describe(
      "Seconds one statement may run, a chunk's whole stream included; at most 570, below the replica plan's 600 s Lambda timeout.",
    ),
  idleSeconds: z
    .int()
    .min(1)
    .max(MAX_STATEMENT_SECONDS)
    .default(idleSeconds)
    .describe(
      "Seconds a chunk's stream may get no byte from the server (its first row included) before the chunk fails and is retried.",
    ),
});

/**
 * One operational database: where it is, how to reach it, the replica to
 * create, when to run and which tables to extract.
 *
 * @example
 * ```yaml
 * - name: service
 *   engine: mysql
 *   database: service
 *   primary: { instanceIdentifier: marketplace-prod }
 *   credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf
 *   tables: [{ name: users, columns: { email: { mask: hash } } }]
 * ```
 */
export const sourceSchema = z
  .strictObject({
    name: sourceNameSchema.describe('Source name; part of Glue database and stack names.'),
    engine: z.enum(['mysql', 'postgres']).describe('Database engine.'),
    database: sqlIdentifierSchema.describe('Database name inside the instance or cluster.'),
    primary: primarySchema.describe(
      'The production database: exactly one of instanceIdentifier or clusterIdentifier.',
    ),
    port: z
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('Database port. Default: 3306 for mysql, 5432 for postgres.'),
    credentialsSecretArn: secretArnSchema.describe(
      'Secret with username and password of a read-only database user (the RDS secret JSON shape).',
    ),
    timeouts: sourceTimeoutsSchema
      .prefault({})
      .describe(
        'Connect, statement and idle timeouts of the sessions on the database; all keys have defaults.',
      ),
    replica: replicaSchema.prefault({}).describe('Read replica settings; all keys have defaults.'),
    schedule: scheduleExpressionSchema
      .optional()
      .describe(
        'EventBridge schedule of the pipeline, e.g. "cron(0 3 * * ? *)". Default: no schedule, runs start by hand.',
      ),
    freshnessSlo: freshnessSloSchema
      .optional()
      .describe(
        'Default freshnessSlo of the source\'s tables, e.g. "26h". Default: twice a rate(...) schedule\'s period, else 26h (a cron, or no schedule).',
      ),
    freshnessSloSeconds: derivedFreshnessSecondsSchema,
    snapshot: z
      .enum(['latest-automated', 'fresh-manual'])
      .default('latest-automated')
      .describe(
        'What a snapshot run exports. latest-automated: the newest automated snapshot (automated backups must be on; no load on the database, data as of the last backup). fresh-manual: a manual snapshot taken for the run (I/O on the database) and deleted once its export has ended, so manual snapshots never pile up against the quota of 100 per Region.',
      ),
    defaultMode: extractModeSchema.default('snapshot-export'),
    cdc: cdcSettingsSchema
      .optional()
      .describe(
        'The AWS DMS Serverless replication of the tables in mode cdc: required when the source has any, not allowed otherwise.',
      ),
    unboundedNumeric: unboundedNumericSchema,
    invalidDates: invalidDatesSchema,
    includeTables: z
      .enum(['all', 'listed'])
      .default('all')
      .describe('all: every table (those in tables get their overrides); listed: only the tables in tables.'),
    excludeTables: z
      .array(excludedTableSchema)
      .default([])
      .describe(
        'Tables never extracted, as name or schema.name (a bare name matches it in every schema); any name the database allows.',
      ),
    tables: z.array(tableSchema).default([]).describe('Per-table settings and column rules.'),
  })
  .superRefine(checkSource)
  .superRefine(checkDerivedFreshness);
