import { curatedTable, runSwitchParameters, sameTable } from '../../../lib/core/commit';
import { SchemaEvolutionError, StaleRunError } from '../../../lib/core/errors';

const OLD = '20261122T030005Z';
const RUN = '20261123T030005Z';
const COLUMNS = [{ name: 'id', type: 'bigint' }];
const locationOf = (prefix: string) => `s3://curated/${prefix}`;

describe('curatedTable', () => {
  it('points an unpartitioned run table at the run prefix', () => {
    // Act
    const table = curatedTable({
      name: 'users__run_20261123t030005z',
      source: 'service',
      table: 'Users',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: [],
      locationOf,
    });

    // Assert
    expect(table).toEqual({
      name: 'users__run_20261123t030005z',
      columns: COLUMNS,
      partitionKeys: [],
      location: `s3://curated/service/Users/run=${RUN}/`,
      parameters: {},
    });
  });

  it('points a partitioned table at the table prefix', () => {
    // Act
    const table = curatedTable({
      name: 'items__deltas',
      source: 'service',
      table: 'items',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: ['month', 'run'],
      locationOf,
    });

    // Assert
    expect(table.location).toBe('s3://curated/service/items/');
  });

  it("keeps the existing table's parameters, so a re-commit gives the same table", () => {
    // Arrange
    const spec = {
      name: 'users__deltas',
      source: 'service',
      table: 'users',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: ['run'],
      locationOf,
    };
    const current = { ...curatedTable(spec), parameters: { owner_team: 'data' } };

    // Act
    const again = curatedTable({ ...spec, current });

    // Assert
    expect(again).toEqual(current);
  });

  it('refuses other partition keys than the existing table has', () => {
    // Arrange
    const current = {
      name: 'items__deltas',
      columns: COLUMNS,
      partitionKeys: ['month', 'run'],
      location: 'x',
      parameters: {},
    };
    const spec = {
      name: 'items__deltas',
      source: 'service',
      table: 'items',
      runId: RUN,
      columns: COLUMNS,
      partitionKeys: ['day', 'run'],
      locationOf,
      current,
    };

    // Act / Assert
    expect(() => curatedTable(spec)).toThrow(SchemaEvolutionError);
    expect(() => curatedTable(spec)).toThrow(
      '(partition keys): catalog has (month, run), run wrote (day, run)',
    );
  });
});

describe('runSwitchParameters', () => {
  it('records the run and, as the previous run, the one readers saw', () => {
    // Act / Assert
    expect(
      runSwitchParameters(
        { datalake_run_id: OLD, datalake_previous_run_id: '20261121T030005Z' },
        RUN,
        'service.users',
      ),
    ).toEqual({ datalake_run_id: RUN, datalake_previous_run_id: OLD });
    expect(runSwitchParameters(undefined, RUN, 'service.users')).toEqual({ datalake_run_id: RUN });
  });

  it('keeps the previous run when readers already see the run (a re-commit)', () => {
    // Act / Assert
    expect(
      runSwitchParameters({ datalake_run_id: RUN, datalake_previous_run_id: OLD }, RUN, 'service.users'),
    ).toEqual({ datalake_run_id: RUN, datalake_previous_run_id: OLD });
  });

  it("records an incremental run's window end with the run, replacing the previous run's", () => {
    // Act / Assert
    expect(
      runSwitchParameters({ datalake_run_id: OLD, datalake_watermark: '40' }, RUN, 'service.orders', {
        watermark: '90',
      }),
    ).toEqual({ datalake_run_id: RUN, datalake_previous_run_id: OLD, datalake_watermark: '90' });
  });

  it('refuses a run older than the one readers see', () => {
    // Act / Assert
    expect(() => runSwitchParameters({ datalake_run_id: RUN }, OLD, 'service.users')).toThrow(
      new StaleRunError('service.users', OLD, RUN),
    );
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
