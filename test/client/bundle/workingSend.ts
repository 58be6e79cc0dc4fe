// A working send from a browser, as the README writes it: the Cognito snippet's KinesisClient,
// an EventClient and the app's zod schema. browserBundle.test.ts measures what this bundles to.
import * as z from 'zod';
import { EventClient } from '../../../lib/client';
import { kinesis } from './cognitoSnippet';

const events = new EventClient({
  client: kinesis,
  streamName: 'marketplace-app-events',
  partitionKeyField: 'userId',
  payloadSchema: z.object({ userId: z.string(), itemId: z.int() }),
  schemaVersion: 1,
  onFailure: (failures) => console.error('events not delivered', failures),
});

export async function viewItem(userId: string, itemId: number): Promise<void> {
  await events.send('item_viewed', { userId, itemId });
}
