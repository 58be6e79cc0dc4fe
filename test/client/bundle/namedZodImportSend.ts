// workingSend.ts with zod imported as `import { z } from 'zod'`: the `z` namespace object
// re-exports everything, locales included, so a bundler cannot leave them out.
import { z } from 'zod';
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
