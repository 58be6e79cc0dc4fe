import * as z from 'zod';
import { patternString } from './patternString';

/** The Slack channel AWS Chatbot posts the lake's alarms to. */
export const slackChannelSchema = z.strictObject({
  workspaceId: patternString(/^[A-Z0-9]{1,255}$/, 'a Slack workspace (team) id, e.g. "T07EA123LEP"').describe(
    'The Slack workspace id. The workspace must first be authorized in the AWS Chatbot console (a one-time OAuth step CloudFormation cannot do).',
  ),
  channelId: patternString(/^[A-Z0-9]{1,255}$/, 'a Slack channel id, e.g. "C07EZ1ABC23"').describe(
    'The channel id (channel details in Slack); for a private channel, invite @aws to it.',
  ),
});

/** Alarm thresholds that have no better home in the config; each has a default. */
export const alarmThresholdsSchema = z.strictObject({
  lambdaDurationPercentOfTimeout: z
    .int()
    .min(1)
    .max(100)
    .default(90)
    .describe("A function's maximum duration over 5 minutes above this share of its timeout alarms."),
  kinesisIteratorAgeSeconds: z
    .int()
    .min(60)
    .default(3600)
    .describe(
      "A stream's oldest unread record older than this (GetRecords.IteratorAgeMilliseconds, maximum) alarms: the relay is behind, and records older than the stream's retention are lost.",
    ),
  firehoseDataFreshnessSeconds: z
    .int()
    .min(60)
    .default(1800)
    .describe("The archive's oldest undelivered record older than this (DeliveryToS3.DataFreshness) alarms."),
});

/**
 * Who gets the lake's alarms: one SNS topic per lake, subscribed from here. Without any
 * subscription the alarms still fire on the topic; subscribe to it by hand.
 *
 * @example
 * ```yaml
 * alerts:
 *   email: [data-oncall@example.com]
 *   slack: { workspaceId: T07EA123LEP, channelId: C07EZ1ABC23 }
 * ```
 */
export const alertsSchema = z.strictObject({
  email: z
    .array(
      z.email({ error: (issue) => `received ${JSON.stringify(issue.input)}; allowed: an email address` }),
    )
    .default([])
    .describe('Email addresses subscribed to the alarm topic; each must confirm the subscription mail.'),
  httpsEndpoints: z
    .array(
      patternString(/^https:\/\/[^\s]+$/, 'an https:// URL').describe(
        'An HTTPS endpoint; it must confirm the subscription (SNS posts a SubscriptionConfirmation).',
      ),
    )
    .default([])
    .describe('HTTPS endpoints subscribed to the alarm topic (e.g. an incident tool).'),
  slack: slackChannelSchema
    .optional()
    .describe('A Slack channel the alarms are posted to through AWS Chatbot. Default: none.'),
  thresholds: alarmThresholdsSchema.prefault({}).describe('Alarm thresholds; all keys have defaults.'),
});
