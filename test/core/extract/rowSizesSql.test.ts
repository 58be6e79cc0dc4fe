import { rowSizesSql } from '../../../lib/core/extract';
import { plannedColumn } from '../../helpers/tablePlanFactory';

const text = { athenaType: 'string', duckdbType: 'VARCHAR' };
const binary = { athenaType: 'binary', duckdbType: 'BLOB' };

describe('rowSizesSql', () => {
  it('selects the MySQL key as text and each value’s byte length, largest row of the chunk first', () => {
    // Act
    const query = rowSizesSql('mysql', {
      schema: 'shop',
      table: 'files',
      columns: [
        plannedColumn('body', { dataType: 'longtext' }, text),
        plannedColumn('data', { dataType: 'longblob' }, binary),
      ],
      keyColumns: ['id'],
      chunk: { index: 0, bounds: { kind: 'range', column: 'id', from: '1', to: '100' } },
    });

    // Assert
    expect(query).toEqual({
      sql: 'SELECT CAST(`id` AS CHAR) AS k0, LENGTH(`body`) AS s0, LENGTH(`data`) AS s1 FROM `shop`.`files` WHERE `id` BETWEEN 1 AND 100 ORDER BY COALESCE(LENGTH(`body`), 0) + COALESCE(LENGTH(`data`), 0) DESC LIMIT 1',
      params: [],
    });
  });

  it('measures PostgreSQL bytea in bytes and any other value by its text', () => {
    // Act
    const query = rowSizesSql('postgres', {
      schema: 'public',
      table: 'files',
      columns: [
        plannedColumn('tags', { engine: 'postgres', dataType: '_text' }, text),
        plannedColumn('data', { engine: 'postgres', dataType: 'bytea' }, binary),
      ],
      keyColumns: [],
      chunk: { index: 0, bounds: { kind: 'all' } },
    });

    // Assert
    expect(query.sql).toBe(
      'SELECT octet_length("tags"::text) AS s0, octet_length("data") AS s1 FROM "public"."files" ORDER BY COALESCE(octet_length("tags"::text), 0) + COALESCE(octet_length("data"), 0) DESC LIMIT 1',
    );
  });
});
