import { catalogNames } from '../../../lib/core/commit';

describe('catalogNames', () => {
  it("names the views after the table and the run tables after the run, in Glue's lower case", () => {
    // Act
    const names = catalogNames('Order_Items');

    // Assert
    expect([names.view, names.latest, names.deltas, names.runTable('20261123T030005Z')]).toEqual([
      'order_items',
      'order_items_latest',
      'order_items__deltas',
      'order_items__run_20261123t030005z',
    ]);
  });

  it('gives names Athena accepts: lower-case letters, digits and underscores only', () => {
    // Act
    const names = catalogNames('users');

    // Assert
    for (const name of [names.view, names.latest, names.deltas, names.runTable('20261123T030005Z')]) {
      expect(name).toMatch(/^[a-z0-9_]+$/);
    }
  });
});
