/**
 * The lake-wide sections of the config (aws, network, storage, query,
 * masking): small objects whose keys all have defaults or may be left out.
 */
import * as z from 'zod';
import {
  accountIdSchema,
  availabilityZoneSchema,
  iamPrincipalArnSchema,
  ipv4CidrSchema,
  regionSchema,
  routeTableIdSchema,
  secretArnSchema,
  securityGroupIdSchema,
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

/**
 * The VPC endpoints the lake's functions in the VPC need: the subnets have no route to the
 * internet, so every AWS API a function calls from there must have an endpoint.
 */
export const VPC_ENDPOINT_CHOICES = ['create', 'existing'] as const;

/** The VPC the replicas and the Lambdas that reach them (replica path, Kafka relay) live in. */
export const networkSettingsSchema = z
  .strictObject({
    vpcId: vpcIdSchema
      .optional()
      .describe(
        "VPC to import. Required when a source is an Aurora cluster read on the replica path: Aurora readers live in the cluster's VPC and EC2 refuses security-group references across VPCs, so the lake must use that VPC. Default: a new VPC is created.",
      ),
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
    cidrBlock: ipv4CidrSchema
      .optional()
      .describe(
        "IPv4 range of the VPC: of a new VPC (default 10.0.0.0/16), or the imported VPC's own range (required with vpcId and endpoints: create; the endpoints admit HTTPS from it).",
      ),
    endpoints: z
      .enum(VPC_ENDPOINT_CHOICES)
      .optional()
      .describe(
        "VPC endpoints for S3 (gateway) and Secrets Manager, KMS, Glue, CloudWatch Logs, Step Functions (interface, private DNS). create: the lake adds them, with policies that allow only the lake's resources (always, for a new VPC). existing: the imported VPC already has them; give endpointSecurityGroupId. Required with vpcId.",
      ),
    endpointSecurityGroupId: securityGroupIdSchema
      .optional()
      .describe(
        "Security group of the VPC's existing interface endpoints; required with endpoints: existing. The lake's functions in the VPC send HTTPS only to it (and to S3's prefix list), so it must admit HTTPS from them or from the VPC's range.",
      ),
    routeTableIds: z
      .array(routeTableIdSchema)
      .min(1)
      .optional()
      .describe(
        'Route tables of subnetIds, for the S3 gateway endpoint; required with vpcId and endpoints: create.',
      ),
  })
  .superRefine((network, ctx) => {
    const imported = network.vpcId !== undefined;
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (imported) {
      for (const key of ['subnetIds', 'availabilityZones'] as const) {
        if (network[key] === undefined) {
          issue(key, 'is required with vpcId, received nothing (synth imports the VPC without calling AWS)');
        }
      }
      if (network.endpoints === undefined) {
        issue(
          'endpoints',
          'is required with vpcId, received nothing; allowed: "create" (the lake adds the VPC endpoints; also give cidrBlock and routeTableIds) or "existing" (the VPC already has endpoints for S3, Secrets Manager, KMS, Glue, CloudWatch Logs and Step Functions; also give endpointSecurityGroupId)',
        );
      }
      if (network.endpoints === 'create') {
        for (const key of ['cidrBlock', 'routeTableIds'] as const) {
          if (network[key] === undefined) {
            issue(
              key,
              `is required with vpcId and endpoints: create, received nothing (${key === 'cidrBlock' ? "the endpoints admit HTTPS from the VPC's range" : 'the S3 gateway endpoint is added to these route tables'})`,
            );
          }
        }
      }
      if (network.endpoints === 'existing' && network.endpointSecurityGroupId === undefined) {
        issue(
          'endpointSecurityGroupId',
          "is required with endpoints: existing, received nothing (the functions in the VPC may send HTTPS only to the endpoints' security group)",
        );
      }
      if (network.endpoints !== 'existing' && network.endpointSecurityGroupId !== undefined) {
        issue(
          'endpointSecurityGroupId',
          'is only allowed with endpoints: existing (the lake makes the security group of the endpoints it creates)',
        );
      }
      if (network.subnetIds !== undefined && network.subnetIds.length !== network.availabilityZones?.length) {
        issue(
          'subnetIds',
          `received ${network.subnetIds.length} subnets for ${network.availabilityZones?.length} zones; allowed: one subnet per zone`,
        );
      }
      return;
    }
    for (const key of ['subnetIds', 'routeTableIds', 'endpointSecurityGroupId'] as const) {
      if (network[key] !== undefined) issue(key, 'is only allowed with vpcId');
    }
    if (network.endpoints === 'existing') {
      issue(
        'endpoints',
        'received "existing" without vpcId; allowed: "create" (a new VPC has no endpoints of its own)',
      );
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
  analystPrincipals: z
    .array(iamPrincipalArnSchema)
    .default([])
    .describe(
      'IAM roles or users that may assume the AnalystRole (query curated and events data in Athena). Default: none, and no AnalystRole is created.',
    ),
  catalogEncryption: z
    .enum(['lake-key', 'unmanaged'])
    .default('lake-key')
    .describe(
      "lake-key: the foundation stack sets this account and region's Glue Data Catalog encryption settings (one per account and region: only one stack may own them) to a key of the lake. unmanaged: the lake leaves them to whoever manages them.",
    ),
});

/** Settings of column masking. */
export const maskingSettingsSchema = z.strictObject({
  saltSecretArn: secretArnSchema
    .optional()
    .describe('Secret holding the salt of mask: hash. Default: the stack creates a secret.'),
});
