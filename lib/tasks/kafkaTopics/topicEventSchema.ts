import * as z from 'zod';
import { topicPropertiesSchema } from './topicPropertiesSchema';

/**
 * The topic custom resource's event, as the Provider framework passes CloudFormation's request
 * to `onEvent` (CloudFormation User Guide: "Custom resource request objects"): Create and Update
 * carry the topic's properties; Delete needs only the physical id, which is the topic name.
 */
export const topicEventSchema = z.discriminatedUnion('RequestType', [
  z.object({ RequestType: z.literal('Create'), ResourceProperties: topicPropertiesSchema }),
  z.object({ RequestType: z.literal('Update'), ResourceProperties: topicPropertiesSchema }),
  z.object({ RequestType: z.literal('Delete'), PhysicalResourceId: z.string().min(1) }),
]);
