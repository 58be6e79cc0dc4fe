import { tableProgressDisplay } from '../../lib/cli/tableProgressDisplay';

/** A promise's state now: settled or still pending. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  return done;
}

describe('tableProgressDisplay', () => {
  it('finishes once every named table is done', async () => {
    // Arrange
    const display = tableProgressDisplay(['users', 'items']);

    // Act
    display.listener({ table: 'users', status: 'done', rows: 3 });
    const early = await settled(display.finished);
    display.listener({ table: 'items', status: 'running', rows: 1 });
    display.listener({ table: 'items', status: 'done', rows: 2 });

    // Assert
    expect(early).toBe(false);
    await expect(display.finished).resolves.toBeUndefined();
  });

  it('waits for tables found by the export on one more line, finished when the run ends', async () => {
    // Arrange
    const display = tableProgressDisplay(['users'], true);

    // Act
    display.listener({ table: 'users', status: 'done', rows: 3 });
    display.listener({ table: 'order_lines', status: 'pending', rows: 0 });
    display.listener({ table: 'order_lines', status: 'done', rows: 5 });
    const beforeEnd = await settled(display.finished);
    display.abort('not run');

    // Assert
    expect(beforeEnd).toBe(false);
    await expect(display.finished).resolves.toBeUndefined();
  });

  it('ends, not hangs, when the run fails before any line has started', async () => {
    // Arrange
    const display = tableProgressDisplay(['users'], true);

    // Act
    display.abort('source unreachable');

    // Assert
    expect(await settled(display.finished)).toBe(true);
  });
});
