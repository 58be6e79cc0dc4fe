import * as z from 'zod';

/**
 * The topic function's settings, keyed by environment variable: only Lambda's own `AWS_REGION`,
 * where the admin's MSK IAM tokens are signed. `KafkaCluster` writes the rest of the environment
 * (nothing) typed as {@link KafkaTopicsEnvironment}; the cluster and topic come in each event.
 */
export const kafkaTopicsSettingsSchema = z.object({
  AWS_REGION: z.string({ error: 'allowed: an AWS Region, set by Lambda' }).min(1),
});

/** The topic function's settings, parsed. */
export type KafkaTopicsSettings = z.output<typeof kafkaTopicsSettingsSchema>;

/**
 * The topic function's environment, as the construct writes it: the settings but Lambda's own
 * `AWS_REGION`, which a function may not set (Lambda: "Defined runtime environment variables").
 */
export type KafkaTopicsEnvironment = Omit<z.input<typeof kafkaTopicsSettingsSchema>, 'AWS_REGION'>;
