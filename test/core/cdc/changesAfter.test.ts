import { changeFileOf, changesAfter } from '../../../lib/core/cdc';

// File names as "Using Amazon S3 as a target for AWS Database Migration Service" gives them
// (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html): the full load's
// hexadecimal counter LOAD00000001…LOAD0000000A, CDC files by timestamp 20141029-1134010000.
const folder = 'dms/shop/items/';

describe('changeFileOf', () => {
  it('tells full-load files from CDC files and ignores anything else', () => {
    expect(changeFileOf(`${folder}LOAD0000000A.parquet`)?.kind).toBe('full-load');
    expect(changeFileOf(`${folder}SEGMENT2_LOAD00000009.parquet`)?.kind).toBe('full-load');
    expect(changeFileOf(`${folder}20141029-1134010000.parquet`)?.kind).toBe('cdc');
    expect(changeFileOf(`${folder}2014/10/29/20141029-1134010000.parquet`)?.kind).toBe('cdc');
    expect(changeFileOf(`${folder}LOAD00000001.csv`)).toBeUndefined();
    expect(changeFileOf(`${folder}20141029-1134010000.csv`)).toBeUndefined();
    expect(changeFileOf(`${folder}_metadata.json`)).toBeUndefined();
  });
});

describe('changesAfter', () => {
  it('puts the full load first, in counter order (9 before A), then CDC files by time', () => {
    const keys = [
      `${folder}20261207-1030150000.parquet`,
      `${folder}LOAD0000000A.parquet`,
      `${folder}20261207-1029590000.parquet`,
      `${folder}LOAD00000009.parquet`,
    ];
    expect(changesAfter(keys, undefined, 100).files.map((file) => file.key)).toEqual([
      `${folder}LOAD00000009.parquet`,
      `${folder}LOAD0000000A.parquet`,
      `${folder}20261207-1029590000.parquet`,
      `${folder}20261207-1030150000.parquet`,
    ]);
  });

  it('orders CDC files in date folders by their time even when the folders are DDMMYYYY', () => {
    // DatePartitionSequence DDMMYYYY: 31/12/2026 sorts after 01/01/2027 as a key, not as a time.
    const late = `${folder}01/01/2027/20270101-0000010000.parquet`;
    const early = `${folder}31/12/2026/20261231-2359590000.parquet`;
    expect(changesAfter([late, early], undefined, 100).files.map((file) => file.key)).toEqual([early, late]);
  });

  it('takes only files after the applied position, at most maxFiles, and says where it ends', () => {
    const keys = ['a', 'b', 'c', 'd'].map((_, index) => `${folder}20261207-10300${index}0000.parquet`);
    const first = changesAfter(keys, undefined, 2);
    expect(first.files.map((file) => file.key)).toEqual(keys.slice(0, 2));
    const second = changesAfter(keys, first.through, 2);
    expect(second.files.map((file) => file.key)).toEqual(keys.slice(2, 4));
    expect(changesAfter(keys, second.through, 2)).toEqual({ files: [] });
  });

  it('stops at a Parquet file named otherwise, rather than skip changes', () => {
    expect(() => changesAfter([`${folder}part-0.parquet`, `${folder}notes.txt`], undefined, 10)).toThrow(
      /Change file dms\/shop\/items\/part-0\.parquet is named neither as a DMS full-load file/,
    );
    expect(changesAfter([`${folder}notes.txt`], undefined, 10)).toEqual({ files: [] });
  });

  it('never takes a full-load file once changes were applied', () => {
    const cdc = changesAfter([`${folder}20261207-1030150000.parquet`], undefined, 10).through;
    expect(changesAfter([`${folder}LOAD00000001.parquet`], cdc, 10).files).toEqual([]);
  });
});
