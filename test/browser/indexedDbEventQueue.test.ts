import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { LoadedEvent, PageEvent, PageFailure, QueuePageApi } from './queue/QueuePageApi';
import { useBrowserHarness } from './useBrowserHarness';
import { withDeadline } from './withDeadline';

const QUEUE_PAGE = resolve(__dirname, 'queue/queuePage.ts');

const harness = useBrowserHarness();

/** Calls one of queuePage's functions on the page, at most 20 s. */
function onPage<Name extends keyof QueuePageApi>(
  page: Page,
  name: Name,
  ...args: Parameters<QueuePageApi[Name]>
): Promise<Awaited<ReturnType<QueuePageApi[Name]>>> {
  return withDeadline(
    page.evaluate(
      ({ call, input }) =>
        (
          (globalThis as unknown as { queuePage: Record<string, (...values: unknown[]) => unknown> })
            .queuePage[call] as (...values: unknown[]) => Promise<Awaited<ReturnType<QueuePageApi[Name]>>>
        )(...input),
      { call: name as string, input: args as unknown[] },
    ) as Promise<Awaited<ReturnType<QueuePageApi[Name]>>>,
    20_000,
    `queuePage.${name}`,
  );
}

function event(index: number, key = `u-${index % 3}`): PageEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    partitionKey: key,
    text: JSON.stringify({ index, note: 'é😀' }),
  };
}

function summary(events: readonly PageEvent[]): Pick<LoadedEvent, 'eventId' | 'partitionKey' | 'text'>[] {
  return events.map(({ eventId, partitionKey, text }) => ({ eventId, partitionKey, text: text ?? '' }));
}

function ids(events: readonly { eventId: string }[]): string[] {
  return events.map((one) => one.eventId);
}

describe('indexedDbEventQueue in headless Chromium', () => {
  it('loads what was added, in order, as Uint8Arrays of their own bytes; removes by id and ignores unknown ids', async () => {
    // Arrange
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    const events = [event(1), event(2), event(3)];
    await onPage(page, 'add', 'basic', events.slice(0, 2));
    await onPage(page, 'add', 'basic', events.slice(2));

    // Act
    const loaded = await onPage(page, 'load', 'basic');
    await onPage(page, 'remove', 'basic', [events[1].eventId, 'not-stored']);
    const afterRemove = await onPage(page, 'load', 'basic');

    // Assert
    expect(loaded).toMatchObject(summary(events));
    expect(loaded.every((one) => one.ownBytes)).toBe(true);
    expect(afterRemove).toMatchObject(summary([events[0], events[2]]));
    expect(harness().pageErrors).toEqual([]);
  });

  it('keeps the order of addition across a page reload, and appends after it', async () => {
    // Arrange: 50 events in 5 calls, then the page is reloaded
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    const events = Array.from({ length: 60 }, (_, index) => event(index));
    for (let call = 0; call < 5; call += 1) {
      await onPage(page, 'add', 'reload', events.slice(call * 10, call * 10 + 10));
    }
    await page.reload({ waitUntil: 'load' });

    // Act: a new page instance (a new queue object) reads, then adds
    const afterReload = await onPage(page, 'load', 'reload');
    await onPage(page, 'add', 'reload', events.slice(50));
    const all = await onPage(page, 'load', 'reload');

    // Assert
    expect(afterReload).toMatchObject(summary(events.slice(0, 50)));
    expect(ids(all)).toEqual(ids(events));
  });

  it('applies 1,000 adds and 500 removes started at once in call order, none lost', async () => {
    // Arrange
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    const events = Array.from({ length: 1000 }, (_, index) => event(index, `u-${index % 20}`));

    // Act: every second add is followed by a remove of the event added before it
    const failures = await onPage(page, 'concurrent', 'concurrent', events);
    await page.reload({ waitUntil: 'load' });
    const loaded = await onPage(page, 'load', 'concurrent');

    // Assert: exactly the odd events remain, in order
    expect(failures).toEqual([]);
    expect(ids(loaded)).toEqual(ids(events.filter((_, index) => index % 2 === 1)));
  });

  it('stores and reloads ~1 MiB records byte for byte', async () => {
    // Arrange: Kinesis's largest record is 1 MiB (data + partition key)
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    const big = Array.from({ length: 5 }, (_, index) => ({
      eventId: `big-${index}`,
      partitionKey: `u-${index}`,
      size: 1024 * 1024 - 10,
    }));
    await onPage(page, 'add', 'large', big);
    const expected = await onPage(page, 'load', 'large');
    await page.reload({ waitUntil: 'load' });

    // Act
    const loaded = await onPage(page, 'load', 'large');

    // Assert
    expect(loaded.map((one) => one.byteLength)).toEqual(big.map((one) => one.size));
    expect(loaded).toEqual(expected);
    expect(new Set(loaded.map((one) => one.text)).size).toBe(5);
  });

  it("stores a view of a larger buffer as the view's bytes only", async () => {
    // Arrange: the client's records are views of shared 8 KiB slabs
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    await onPage(page, 'addView', 'view', 'view-1', '{"a":1}');

    // Act
    const [loaded] = await onPage(page, 'load', 'view');

    // Assert
    expect(loaded).toEqual({
      eventId: 'view-1',
      partitionKey: 'view',
      text: '{"a":1}',
      byteLength: 7,
      ownBytes: true,
    });
  });

  it('lets another tab delete the database (closes on versionchange) and works again on the next call', async () => {
    // Arrange: the queue's connection is open
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    await onPage(page, 'add', 'deleted', [event(1)]);

    // Act: a delete is blocked by open connections until they close
    await onPage(page, 'deleteDatabase', 'deleted');
    await onPage(page, 'add', 'deleted', [event(2)]);
    const loaded = await onPage(page, 'load', 'deleted');

    // Assert
    expect(ids(loaded)).toEqual([event(2).eventId]);
  });

  it('rejects an add over the origin quota with an EventQueueStorageError naming the database and QuotaExceededError', async () => {
    // Arrange: the origin's quota set to 200 KB through the DevTools protocol
    const page = await harness().openPage({ entry: QUEUE_PAGE });
    const session = await page.context().newCDPSession(page);
    await session.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(page.url()).origin,
      quotaSize: 200_000,
    });
    await onPage(page, 'add', 'quota', [event(1)]);

    // Act
    const failure = (await onPage(page, 'tryAdd', 'quota', [
      { eventId: 'too-big', partitionKey: 'u-1', size: 1024 * 1024 - 10 },
    ])) as PageFailure | undefined;
    const loaded = await onPage(page, 'load', 'quota');

    // Assert: the failed add stored nothing, what was there is kept
    expect(failure).toMatchObject({
      name: 'EventQueueStorageError',
      operation: 'add',
      causeName: 'QuotaExceededError',
    });
    expect(failure?.message).toMatch(
      /^Event queue in IndexedDB database "quota": add failed: QuotaExceededError/,
    );
    expect(ids(loaded)).toEqual([event(1).eventId]);
  });
});
