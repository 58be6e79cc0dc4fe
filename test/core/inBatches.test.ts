import { inBatches } from '../../lib/core/inBatches';

describe('inBatches', () => {
  it('cuts a list into consecutive batches of at most the size, the last one shorter', () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('gives no batch for no items and one for items that fit', () => {
    expect(inBatches([], 100)).toEqual([]);
    expect(inBatches(['a', 'b'], 100)).toEqual([['a', 'b']]);
  });
});
