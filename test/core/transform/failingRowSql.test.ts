/**
 * failingRowSql run by DuckDB: after the transform failed on a column, it finds the first row whose
 * value does not convert, for a cast and for one of the lake's own checks (which call `error()`).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { buildTransformSql, CHECK_FAILED_MACRO_SQL, failingRowSql } from '../../../lib/core/transform';
import { openDuckdb, queryRows } from '../../../lib/duckdb';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const id = plannedColumn('id', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' });
const code = plannedColumn(
  'code',
  { dataType: 'varchar', columnType: 'varchar(20)' },
  { athenaType: 'int', duckdbType: 'INTEGER' },
  { cast: 'int' },
);
const opened = plannedColumn(
  'opened',
  { dataType: 'time', columnType: 'time(6)' },
  { athenaType: 'string', duckdbType: 'VARCHAR' },
);
const plan = tablePlan([id, code, opened]);
const relation = `(VALUES ('1', '5', '10:00:00'), ('7', 'x9', 'noon'), ('9', 'y1', '11:00:00')) AS t(id, code, opened)`;

let duckdb: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  duckdb = await openDuckdb({ threads: 1 });
  connection = await duckdb.connect();
  await queryRows(connection, CHECK_FAILED_MACRO_SQL);
});

afterAll(() => {
  connection.closeSync();
  duckdb.closeSync();
});

describe('failingRowSql', () => {
  it('finds the key of the first row whose cast fails, where the transform itself fails', async () => {
    // Arrange: the transform fails on this relation.
    const { sql } = buildTransformSql(plan, { relation, path: 'replica' });
    await expect(connection.runAndReadAll(sql)).rejects.toThrow(/Could not convert string 'x9'/);

    // Act
    const rows = await queryRows(connection, failingRowSql(plan, { relation, path: 'replica' }, 1, ['id']));

    // Assert
    expect(rows).toEqual([{ k0: '7' }]);
  });

  it('finds the row one of the lake’s own checks refuses (its error() becomes a NULL try() flags)', async () => {
    // Act
    const rows = await queryRows(connection, failingRowSql(plan, { relation, path: 'replica' }, 2, ['id']));

    // Assert
    expect(rows).toEqual([{ k0: '7' }]);
  });

  it('finds nothing in a column whose values all convert', async () => {
    expect(
      await queryRows(connection, failingRowSql(plan, { relation, path: 'replica' }, 0, ['id'])),
    ).toEqual([]);
  });
});
