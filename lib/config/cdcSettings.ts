import * as z from 'zod';
import { secretArnSchema, securityGroupIdSchema } from './awsIdentifiers';
import { scheduleExpressionSchema } from './scheduleExpression';

/**
 * The capacities a DMS Serverless replication accepts, in DMS capacity units (1 DCU = 2 GB of
 * RAM): "The list of valid DCU values includes 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, and 384"
 * (ComputeConfig, AWS DMS API Reference,
 * https://docs.aws.amazon.com/dms/latest/APIReference/API_ComputeConfig.html).
 */
export const DMS_CAPACITY_UNITS = [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384] as const;

/**
 * How often a source's cdc tables get their next version when `cdc.applySchedule` is not set: an
 * EventBridge rate expression, "rate(value unit)", plural unit above 1 ("Rate expressions
 * reference", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html).
 */
export const DEFAULT_CDC_APPLY_SCHEDULE = 'rate(15 minutes)';

const capacityUnitsSchema = z.literal(DMS_CAPACITY_UNITS);

/**
 * "The maximum recommended value for LobMaxSize is 102400 kilobytes (100 MB)" (Target metadata
 * task settings, AWS DMS User Guide); the S3 target supports limited LOB mode only ("Full LOB mode
 * is not supported", Using Amazon S3 as a target for AWS Database Migration Service).
 */
export const MAX_LOB_SIZE_KB = 102400;

/**
 * How a source's `cdc` tables are captured: the AWS DMS Serverless replication that reads the
 * primary's binlog (MySQL) or WAL (PostgreSQL) and writes the changes to the raw bucket.
 *
 * @example
 * ```yaml
 * cdc:
 *   credentialsSecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-dms-AbCdEf
 *   securityGroupId: sg-0123456789abcdef0
 *   maxCapacityUnits: 4
 *   applySchedule: rate(15 minutes)
 * ```
 */
export const cdcSettingsSchema = z
  .strictObject({
    credentialsSecretArn: secretArnSchema.describe(
      'Secret with host, port, username and password of the DMS user on the primary (writer): DMS reads the binlog or WAL there, since RDS PostgreSQL read replicas and Aurora replicas cannot be a DMS CDC source. The user needs REPLICATION CLIENT and REPLICATION SLAVE (MySQL) or rds_replication (PostgreSQL); see the README.',
    ),
    securityGroupId: securityGroupIdSchema
      .optional()
      .describe(
        "The primary DB instance's security group, which the lake opens to the DMS replication on the source's port. Required for an RDS instance primary; an Aurora primary uses primary.securityGroupId.",
      ),
    maxCapacityUnits: capacityUnitsSchema
      .default(4)
      .describe('Most DMS capacity units (1 DCU = 2 GB of RAM) the replication scales to: 1, 2, 4, …, 384.'),
    minCapacityUnits: capacityUnitsSchema
      .optional()
      .describe(
        'Fewest DMS capacity units the replication scales down to; at most maxCapacityUnits. Default: DMS sets 1.',
      ),
    multiAz: z
      .boolean()
      .default(true)
      .describe('A standby replication in another zone, as AWS recommends for ongoing replication.'),
    lobMaxSizeKb: z
      .int()
      .min(1)
      .max(MAX_LOB_SIZE_KB)
      .default(1024)
      .describe(
        "Largest TEXT, BLOB or JSON value DMS copies, in KB (limited LOB mode: the S3 target has no full LOB mode); DMS truncates longer values. At most 102400, AWS's highest recommended LobMaxSize.",
      ),
    applySchedule: scheduleExpressionSchema
      .default(DEFAULT_CDC_APPLY_SCHEDULE)
      .describe(
        'EventBridge schedule of the apply state machine, which folds the changes DMS wrote since the last apply into each cdc table\'s next version, e.g. "rate(15 minutes)" or "cron(0/5 * * * ? *)". Default: every 15 minutes.',
      ),
  })
  .superRefine((cdc, ctx) => {
    if (cdc.minCapacityUnits !== undefined && cdc.minCapacityUnits > cdc.maxCapacityUnits) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCapacityUnits'],
        message: `received ${cdc.minCapacityUnits}, above maxCapacityUnits ${cdc.maxCapacityUnits}; allowed: at most maxCapacityUnits`,
      });
    }
  });

/** The `cdc` settings of a source as validated. */
export type CdcSettings = z.output<typeof cdcSettingsSchema>;
