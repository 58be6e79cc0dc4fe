import * as z from 'zod';
import { alertsSchema } from './alerts';
import { checkLakeConfig } from './crossChecks';
import { lakeNameSchema } from './identifiers';
import {
  awsSettingsSchema,
  maskingSettingsSchema,
  networkSettingsSchema,
  querySettingsSchema,
  storageSettingsSchema,
} from './lakeSettings';
import { DEFAULT_POOL, poolSchema } from './pool';
import { sourceSchema } from './source';
import { streamSchema } from './stream';

/**
 * The whole config as written, with its checks and schema defaults but before
 * the defaults that depend on other keys are filled in (see `normalizeConfig`).
 * Its input side is what the JSON Schema describes.
 */
export const parsedLakeConfigSchema = z
  .strictObject({
    name: lakeNameSchema.describe('Lake name; prefixes stack and resource names.'),
    aws: awsSettingsSchema.prefault({}).describe('Target account and region; CDK context may override them.'),
    network: networkSettingsSchema
      .prefault({})
      .describe('The VPC of the replicas and the replica-query Lambdas.'),
    storage: storageSettingsSchema
      .prefault({})
      .describe('Bucket lifecycle and retention; all keys have defaults.'),
    query: querySettingsSchema.prefault({}).describe('The Athena workgroup; all keys have defaults.'),
    masking: maskingSettingsSchema.prefault({}).describe('Column masking settings.'),
    pools: z
      .array(poolSchema)
      .min(1)
      .default([{ name: DEFAULT_POOL, maxConcurrency: 2 }])
      .describe('Concurrency pools tables run in; tables not naming one run in "default".'),
    sources: z
      .array(sourceSchema)
      .default([])
      .describe(
        'Operational databases to extract; none for a lake of client events only (then streams are required).',
      ),
    streams: z.array(streamSchema).default([]).describe('Client event streams.'),
    alerts: alertsSchema
      .prefault({})
      .describe(
        "Who gets the lake's alarms (email, HTTPS, Slack) and alarm thresholds; all keys have defaults.",
      ),
  })
  .superRefine(checkLakeConfig)
  .meta({
    title: 'Data lake config',
    description: 'One file describing the lake: sources, tables, column rules, pools and event streams.',
  });

/** The config after validation, before `normalizeConfig`. */
export type ParsedLakeConfig = z.output<typeof parsedLakeConfigSchema>;
