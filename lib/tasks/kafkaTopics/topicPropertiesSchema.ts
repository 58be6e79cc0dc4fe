import * as z from 'zod';

/**
 * The properties of one topic custom resource, as CloudFormation sends them: every value is a
 * string (CloudFormation turns numbers into strings), so the partition count is coerced.
 */
export const topicPropertiesSchema = z.object({
  /** The Kafka topic name (Kafka's own rule). */
  TopicName: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/),
  /** Partitions the topic must have at least. */
  Partitions: z.coerce.number().int().min(1),
  /** The cluster's bootstrap servers, `host:port` separated by commas. */
  BootstrapServers: z
    .string()
    .min(1)
    .transform((servers) => servers.split(',').map((server) => server.trim())),
});

/** One topic's properties, parsed. */
export type TopicProperties = z.infer<typeof topicPropertiesSchema>;
