import { runIdOfKey, runsToDelete } from '../../../lib/core/commit';

const R1 = '20261101T030000Z';
const R2 = '20261102T030000Z';
const R3 = '20261103T030000Z';
const R4 = '20261104T030000Z';
const R5 = '20261105T030000Z';

describe('runsToDelete', () => {
  it('keeps the newest `keep` runs up to the current one and deletes the older, oldest first', () => {
    // Act / Assert
    expect(runsToDelete([R3, R1, R4, R2], R4, 2)).toEqual([R1, R2]);
  });

  it('deletes nothing while there are no more runs than `keep`', () => {
    // Act / Assert
    expect(runsToDelete([R1, R2], R2, 2)).toEqual([]);
    expect(runsToDelete([], R1, 1)).toEqual([]);
  });

  it('never deletes the previous committed run, even with keep 1', () => {
    // Act / Assert
    expect(runsToDelete([R1, R2, R3], R3, 1, R2)).toEqual([R1]);
    expect(runsToDelete([R1, R2, R3], R3, 1, R1)).toEqual([R2]);
  });

  it('never deletes the current run or a newer one (a run in progress)', () => {
    // Act / Assert
    expect(runsToDelete([R1, R2, R3, R5], R3, 1)).toEqual([R1, R2]);
  });

  it('counts a run listed many times (one key per file) once', () => {
    // Act / Assert
    expect(runsToDelete([R1, R1, R2, R2, R3, R3], R3, 2)).toEqual([R1]);
  });

  it('refuses a keep below 1, naming the value', () => {
    // Act / Assert
    expect(() => runsToDelete([R1], R1, 0)).toThrow(
      'Invalid runs to keep: received 0; allowed: an integer >= 1',
    );
  });
});

describe('runIdOfKey', () => {
  it('reads the run directory a file sits directly in', () => {
    // Act / Assert
    expect(runIdOfKey(`service/items/month=2026-11/run=${R1}/part-00000-000.parquet`)).toBe(R1);
    expect(runIdOfKey(`_manifests/service/items/run=${R2}/part-00003.json`)).toBe(R2);
    expect(runIdOfKey(`run=${R3}/x.parquet`)).toBe(R3);
  });

  it('ignores keys outside a run directory and run=… partition values higher up', () => {
    // Act / Assert
    expect(runIdOfKey('service/items/_SUCCESS')).toBeUndefined();
    expect(runIdOfKey(`service/items/run=${R1}/nested/part.parquet`)).toBeUndefined();
    expect(runIdOfKey('service/items/run=latest/part.parquet')).toBeUndefined();
  });
});
