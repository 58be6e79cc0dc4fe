import { lakeNameClashes } from '../../../../lib/core/pipeline/plan/lakeNameClashes';

const table = (schema: string, name: string) => ({ schema, table: name });

describe('lakeNameClashes', () => {
  it('finds two names that differ only in case: Athena lowers every table name', () => {
    expect(lakeNameClashes([table('public', 'Users'), table('public', 'users')])).toEqual([
      { first: table('public', 'Users'), second: table('public', 'users'), lakeName: 'users' },
    ]);
  });

  it('finds one name in two schemas: the lake name has no schema', () => {
    expect(lakeNameClashes([table('public', 'users'), table('sales', 'users')])).toEqual([
      { first: table('public', 'users'), second: table('sales', 'users'), lakeName: 'users' },
    ]);
  });

  it("finds a table named like another table's _latest view or __deltas table, in either order", () => {
    expect(lakeNameClashes([table('s', 'orders'), table('s', 'Orders_Latest')])).toEqual([
      { first: table('s', 'orders'), second: table('s', 'Orders_Latest'), lakeName: 'orders_latest' },
    ]);
    expect(lakeNameClashes([table('s', 'orders__deltas'), table('s', 'orders')])).toEqual([
      { first: table('s', 'orders__deltas'), second: table('s', 'orders'), lakeName: 'orders__deltas' },
    ]);
  });

  it('finds nothing among distinct lake names', () => {
    expect(
      lakeNameClashes([table('public', 'users'), table('public', 'user_s'), table('public', 'orders')]),
    ).toEqual([]);
  });
});
