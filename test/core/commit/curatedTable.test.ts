import { curatedTable, sameTable } from '../../../lib/core/commit';
import { SchemaEvolutionError, StaleRunError } from '../../../lib/core/errors';

const OLD = '20261122T030005Z';
const RUN = '20261123T030005Z';
const COLUMNS = [{ name: 'id', type: 'bigint' }];
const locationOf = (prefix: string) => `s3://curated/${prefix}`;

describe('curatedTable', () => {
  it("points an unpartitioned table at the run prefix and records the run, lower-casing Glue's name", () => {
    // Act
    const table = curatedTable({
      source: 'service',
      table: 'Users',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: [],
      locationOf,
    });

    // Assert
    expect(table).toEqual({
      name: 'users',
      columns: COLUMNS,
      partitionKeys: [],
      location: `s3://curated/service/Users/run=${RUN}/`,
      parameters: { datalake_run_id: RUN },
    });
  });

  it('points a partitioned table at the table prefix', () => {
    // Act
    const table = curatedTable({
      source: 'service',
      table: 'items',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: ['month'],
      locationOf,
    });

    // Assert
    expect(table.location).toBe('s3://curated/service/items/');
  });

  it("records the catalog's run as the previous run and keeps the table's other parameters", () => {
    // Arrange
    const current = {
      name: 'users',
      columns: COLUMNS,
      partitionKeys: [],
      location: `s3://curated/service/users/run=${OLD}/`,
      parameters: { datalake_run_id: OLD, datalake_previous_run_id: '20261121T030005Z', owner_team: 'data' },
    };

    // Act
    const table = curatedTable({
      source: 'service',
      table: 'users',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: [],
      locationOf,
      current,
    });

    // Assert
    expect(table.parameters).toEqual({
      owner_team: 'data',
      datalake_run_id: RUN,
      datalake_previous_run_id: OLD,
    });
  });

  it('gives the same table when the catalog already shows the run (a re-commit)', () => {
    // Arrange
    const spec = {
      source: 'service',
      table: 'users',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: [],
      locationOf,
    };
    const first = curatedTable({
      ...spec,
      current: { ...curatedTable(spec), parameters: { datalake_run_id: OLD } },
    });

    // Act
    const again = curatedTable({ ...spec, current: first });

    // Assert
    expect(again).toEqual(first);
    expect(again.parameters).toEqual({ datalake_run_id: RUN, datalake_previous_run_id: OLD });
  });

  it('refuses a run older than the committed one', () => {
    // Arrange
    const current = {
      name: 'users',
      columns: COLUMNS,
      partitionKeys: [],
      location: 'x',
      parameters: { datalake_run_id: RUN },
    };

    // Act / Assert
    expect(() =>
      curatedTable({
        source: 'service',
        table: 'users',
        runId: OLD,
        columns: COLUMNS,
        partitionKeys: [],
        locationOf,
        current,
      }),
    ).toThrow(new StaleRunError('service.users', OLD, RUN));
  });

  it('refuses other partition keys than the catalog has', () => {
    // Arrange
    const current = {
      name: 'items',
      columns: COLUMNS,
      partitionKeys: ['month'],
      location: 'x',
      parameters: {},
    };

    // Act / Assert
    expect(() =>
      curatedTable({
        source: 'service',
        table: 'items',
        runId: RUN,
        columns: COLUMNS,
        partitionKeys: ['day'],
        locationOf,
        current,
      }),
    ).toThrow(SchemaEvolutionError);
    expect(() =>
      curatedTable({
        source: 'service',
        table: 'items',
        runId: RUN,
        columns: COLUMNS,
        partitionKeys: ['day'],
        locationOf,
        current,
      }),
    ).toThrow('(partition keys): catalog has (month), run wrote (day)');
  });
});

describe('sameTable', () => {
  const table = {
    name: 'users',
    columns: COLUMNS,
    partitionKeys: [],
    location: 'loc',
    parameters: { a: '1', b: '2' },
  };

  it('ignores the order of parameters', () => {
    // Act / Assert
    expect(sameTable(table, { ...table, parameters: { b: '2', a: '1' } })).toBe(true);
  });

  it('sees a changed column type, location or parameter', () => {
    // Act / Assert
    expect(sameTable(table, { ...table, columns: [{ name: 'id', type: 'int' }] })).toBe(false);
    expect(sameTable(table, { ...table, location: 'other' })).toBe(false);
    expect(sameTable(table, { ...table, parameters: { a: '1', b: '3' } })).toBe(false);
  });
});
