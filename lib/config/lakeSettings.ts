/**
 * The lake-wide sections of the config (aws, network, storage, query,
 * masking): small objects whose keys all have defaults or may be left out.
 */
import { z } from 'zod';
import {
  accountIdSchema,
  availabilityZoneSchema,
  regionSchema,
  secretArnSchema,
  subnetIdSchema,
  vpcIdSchema,
} from './awsIdentifiers';
import { workgroupNameSchema } from './identifiers';

/** Athena's smallest per-query scan limit: 10 MB. */
const ATHENA_MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** Where the lake deploys; CDK context (`-c account=... -c region=...`) may override. */
export const awsSettingsSchema = z.strictObject({
  account: accountIdSchema
    .optional()
    .describe('AWS account id, 12 digits as a string. Default: from CDK context or the CLI profile.'),
  region: regionSchema
    .optional()
    .describe('AWS region, e.g. eu-west-1. Default: from CDK context or the CLI profile.'),
});

/** The VPC the replica-query Lambdas and replicas live in. */
export const networkSettingsSchema = z
  .strictObject({
    vpcId: vpcIdSchema
      .optional()
      .describe("VPC to import; must be the sources' VPC. Default: a new VPC is created."),
    subnetIds: z
      .array(subnetIdSchema)
      .min(2)
      .optional()
      .describe('Private subnets of vpcId, one per zone in availabilityZones order; required with vpcId.'),
    availabilityZones: z
      .array(availabilityZoneSchema)
      .min(2)
      .max(3)
      .optional()
      .describe(
        'Zones of subnetIds (with vpcId), or of the new VPC. Default for a new VPC: the first maxAzs of <region>a, b, c.',
      ),
    maxAzs: z
      .int()
      .min(2)
      .max(3)
      .default(2)
      .describe('Availability zones of a created VPC (2..3); unused with vpcId or availabilityZones.'),
  })
  .superRefine((network, ctx) => {
    const imported = network.vpcId !== undefined;
    if (imported && (network.subnetIds === undefined || network.availabilityZones === undefined)) {
      for (const key of ['subnetIds', 'availabilityZones'] as const) {
        if (network[key] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is required with vpcId, received nothing (synth imports the VPC without calling AWS)',
          });
        }
      }
    }
    if (!imported && network.subnetIds !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subnetIds'], message: 'is only allowed with vpcId' });
    }
    if (imported && network.subnetIds?.length !== network.availabilityZones?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['subnetIds'],
        message: `received ${network.subnetIds?.length} subnets for ${network.availabilityZones?.length} zones; allowed: one subnet per zone`,
      });
    }
  });

/** Lifecycle and retention of the lake's buckets. */
export const storageSettingsSchema = z.strictObject({
  rawExportExpirationDays: z.int().min(1).default(7).describe('Days raw snapshot exports are kept.'),
  queryResultsExpirationDays: z.int().min(1).default(30).describe('Days Athena query results are kept.'),
  curatedNoncurrentVersionExpirationDays: z
    .int()
    .min(1)
    .default(30)
    .describe('Days replaced versions of curated objects are kept.'),
  retainOnDelete: z
    .boolean()
    .default(true)
    .describe('Keep the buckets and the KMS key when the stack is deleted.'),
  curatedRunsToKeep: z
    .int()
    .min(1)
    .default(2)
    .describe(
      'Runs of each table whose curated data stays in S3 after a commit (>= 1); older run prefixes are deleted. The commit never deletes the current or the previous committed run.',
    ),
});

/** The Athena workgroup analysts query in. */
export const querySettingsSchema = z.strictObject({
  workgroupName: workgroupNameSchema.default('analysts').describe('Athena workgroup name.'),
  bytesScannedCutoffPerQuery: z
    .int()
    .min(ATHENA_MIN_BYTES_SCANNED_CUTOFF)
    .default(10 * 1024 ** 3)
    .describe('Athena cancels a query scanning more bytes than this (at least 10000000).'),
});

/** Settings of column masking. */
export const maskingSettingsSchema = z.strictObject({
  saltSecretArn: secretArnSchema
    .optional()
    .describe('Secret holding the salt of mask: hash. Default: the stack creates a secret.'),
});
