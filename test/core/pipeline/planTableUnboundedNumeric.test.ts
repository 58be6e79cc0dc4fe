import { TypeMappingError } from '../../../lib/core/errors';
import { planTable } from '../../../lib/core/pipeline/planTable';
import { curatedColumnSql } from '../../../lib/core/transform';
import type { SourceColumnType } from '../../../lib/core/types';
import { parsedConfig, type SourceInput, validSource } from '../../helpers/configFactory';

const numeric: SourceColumnType = { engine: 'postgres', dataType: 'numeric', columnType: 'numeric' };
const tags: SourceColumnType = { engine: 'postgres', dataType: '_text', columnType: 'text[]' };

/** The plan of a PostgreSQL table `public.ledger (amount numeric, tags text[])` under the source's settings. */
function plan(source: Partial<SourceInput>, columns: Record<string, object> = {}) {
  const config = parsedConfig({
    sources: [
      validSource({
        engine: 'postgres',
        includeTables: 'listed',
        tables: [{ name: 'ledger', columns }],
        ...source,
      }),
    ],
  });
  const [configured] = config.sources;
  const [table] = configured?.tables ?? [];
  if (!configured || !table) throw new Error('config factory returned no table');
  return planTable({
    source: configured,
    table,
    sourceColumns: [
      { name: 'amount', type: numeric },
      { name: 'tags', type: tags },
    ],
    runId: '20261123T030005Z',
    expectedRows: 1,
  });
}

describe("planTable with the source's unboundedNumeric", () => {
  it('plans a numeric without precision as its exact text by default, and the transform lands the text', () => {
    // Act
    const { columns } = plan({});

    // Assert
    expect(columns[0]).toMatchObject({ athenaType: 'string', duckdbType: 'VARCHAR' });
    expect(columns[0] && curatedColumnSql(columns[0], 'replica')).toEqual({
      sql: 'CAST("amount" AS VARCHAR)',
      duckdbType: 'VARCHAR',
    });
  });

  it('plans decimal(38,N), and the transform converts to the same checked decimal', () => {
    // Act
    const { columns } = plan({ unboundedNumeric: 'decimal(38,6)' });

    // Assert
    expect(columns[0]).toMatchObject({ athenaType: 'decimal(38,6)', duckdbType: 'DECIMAL(38,6)' });
    const sql = columns[0] && curatedColumnSql(columns[0], 'export');
    expect(sql?.duckdbType).toBe('DECIMAL(38,6)');
    expect(sql?.sql).toContain('CAST("amount" AS DECIMAL(38,6))');
    expect(sql?.sql).toContain('without rounding (unboundedNumeric)');
  });

  it('refuses the column under fail, naming the table, the column and the keys that change it', () => {
    // Act
    const act = () => plan({ unboundedNumeric: 'fail' });

    // Assert
    expect(act).toThrow(TypeMappingError);
    expect(act).toThrow(
      /public\.ledger: postgres column "amount" type "numeric" has no declared precision.*`unboundedNumeric`/,
    );
  });

  it('lets a column cast win over unboundedNumeric: fail', () => {
    // Act
    const { columns } = plan({ unboundedNumeric: 'fail' }, { amount: { cast: 'decimal(20,2)' } });

    // Assert
    expect(columns[0]).toMatchObject({ athenaType: 'decimal(20,2)', cast: 'decimal(20,2)' });
    expect(columns[0] && curatedColumnSql(columns[0], 'replica').sql).toBe(
      'CAST(CAST("amount" AS VARCHAR) AS DECIMAL(20,2))',
    );
  });
});

describe('curatedColumnSql of an array with cast: string', () => {
  it.each(['export', 'replica'] as const)(
    "lands the %s path's PostgreSQL array text, not the parsed list",
    (path) => {
      // Act
      const { columns } = plan({}, { tags: { cast: 'string' } });

      // Assert
      expect(columns[1] && curatedColumnSql(columns[1], path)).toEqual({
        sql: 'CAST("tags" AS VARCHAR)',
        duckdbType: 'VARCHAR',
      });
    },
  );
});
