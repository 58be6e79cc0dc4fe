import { changeFileOf, changesAfter } from '../../../lib/core/cdc';
import { dmsFileKey, dmsTimestamp } from '../../../lib/local/cdc';

describe('dmsFileKey', () => {
  it('names a full load LOAD<8 hex digits> under <cdc prefix><schema>/<table>/, as the apply reads it', () => {
    // Act
    const keys = [1, 10, 255].map((load) => dmsFileKey('shop', 'marketplace', 'items', { load }));

    // Assert
    expect(keys).toEqual([
      'cdc/shop/marketplace/items/LOAD00000001.parquet',
      'cdc/shop/marketplace/items/LOAD0000000A.parquet',
      'cdc/shop/marketplace/items/LOAD000000FF.parquet',
    ]);
    expect(keys.map((key) => changeFileOf(key)?.kind)).toEqual(['full-load', 'full-load', 'full-load']);
  });

  it('names a CDC file by its UTC write time in its date folder, in time order after the full load', () => {
    // Arrange
    const times = ['2026-12-07T10:30:15.123Z', '2026-12-07T10:30:15.124Z', '2026-12-08T00:00:00.000Z'];

    // Act
    const keys = times.map((at) => dmsFileKey('shop', 'marketplace', 'items', { at: new Date(at) }));

    // Assert
    expect(keys[0]).toBe('cdc/shop/marketplace/items/2026/12/07/20261207-103015123.parquet');
    expect(keys.map((key) => changeFileOf(key)?.kind)).toEqual(['cdc', 'cdc', 'cdc']);
    const load = dmsFileKey('shop', 'marketplace', 'items', { load: 1 });
    expect(
      changesAfter([...keys].reverse().concat(load), undefined, 10).files.map((file) => file.key),
    ).toEqual([load, ...keys]);
  });
});

describe('dmsTimestamp', () => {
  it("writes DMS's commit-time text, yyyy-MM-dd HH:mm:ss.SSSSSS in UTC, microseconds kept", () => {
    expect(dmsTimestamp(1_796_656_168_588_961n)).toBe('2026-12-07 15:09:28.588961');
    expect(dmsTimestamp(0n)).toBe('1970-01-01 00:00:00.000000');
  });
});
