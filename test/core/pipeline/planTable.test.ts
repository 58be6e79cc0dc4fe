import type { SourceConfig, TableConfig } from '../../../lib/config';
import {
  NewColumnsError,
  TablePlanError,
  TypeMappingError,
  UnknownColumnError,
} from '../../../lib/core/errors';
import { type PlanTableInput, planTable } from '../../../lib/core/pipeline/planTable';
import type { SourceColumnType } from '../../../lib/core/types';
import { parsedConfig, type TableInput, validSource } from '../../helpers/configFactory';

const RUN_ID = '20261123T030005Z';

const mysql = (dataType: string, columnType = dataType): SourceColumnType => ({
  engine: 'mysql',
  dataType,
  columnType,
});

/** The columns of a small `users` table, in source order. */
const USERS_COLUMNS = [
  { name: 'id', type: mysql('bigint', 'bigint(20) unsigned') },
  { name: 'email', type: mysql('varchar', 'varchar(255)') },
  { name: 'name', type: mysql('varchar', 'varchar(100)') },
  { name: 'password_hash', type: mysql('varbinary', 'varbinary(32)') },
  { name: 'price', type: mysql('decimal', 'decimal(10,2)') },
  { name: 'created_at', type: mysql('datetime', 'datetime(6)') },
  { name: 'country', type: mysql('char', 'char(2)') },
];

function configured(table: Partial<TableInput>): { source: SourceConfig; table: TableConfig } {
  const config = parsedConfig({
    sources: [validSource({ includeTables: 'listed', tables: [{ name: 'users', ...table }] })],
  });
  const source = config.sources[0];
  const planned = source?.tables[0];
  if (!source || !planned) throw new Error('config factory returned no table');
  return { source, table: planned };
}

function plan(table: Partial<TableInput>, overrides: Partial<PlanTableInput> = {}) {
  return planTable({
    ...configured(table),
    sourceColumns: USERS_COLUMNS,
    runId: RUN_ID,
    expectedRows: 20,
    ...overrides,
  });
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('planTable', () => {
  it('keeps every column in source order on a first run without rules', () => {
    // Act
    const result = plan({});

    // Assert
    expect(result.columns.map((column) => column.output)).toEqual(USERS_COLUMNS.map((column) => column.name));
  });

  it('gives each column its mapped curated type', () => {
    // Act
    const id = plan({}).columns[0];

    // Assert
    expect([id?.athenaType, id?.duckdbType]).toEqual(['decimal(20,0)', 'DECIMAL(20,0)']);
  });

  it('names the table, source, database, schema, run and expected rows', () => {
    // Act
    const { source, database, schema, table, runId, expectedRows } = plan({});

    // Assert
    expect({ source, database, schema, table, runId, expectedRows }).toEqual({
      source: 'service',
      database: 'service',
      schema: 'service',
      table: 'users',
      runId: RUN_ID,
      expectedRows: 20,
    });
  });

  it('leaves a dropped column out and lists it', () => {
    // Act
    const result = plan({ columns: { password_hash: 'drop' } });

    // Assert
    expect([result.columns.some((column) => column.source === 'password_hash'), result.dropped]).toEqual([
      false,
      ['password_hash'],
    ]);
  });

  it('carries a hash mask and curates the hash as a string', () => {
    // Act
    const email = plan({ columns: { email: { mask: 'hash' } } }).columns[1];

    // Assert
    expect([email?.mask, email?.athenaType]).toEqual([{ kind: 'hash' }, 'string']);
  });

  it('carries a truncate mask with its length', () => {
    // Act
    const name = plan({ columns: { name: { mask: 'truncate', length: 1 } } }).columns[2];

    // Assert
    expect(name?.mask).toEqual({ kind: 'truncate', length: 1 });
  });

  it('keeps the mapped type of a column redacted to NULL', () => {
    // Act
    const id = plan({ columns: { id: { mask: 'redact' } } }).columns[0];

    // Assert
    expect([id?.mask, id?.athenaType]).toEqual([{ kind: 'redact' }, 'decimal(20,0)']);
  });

  it('curates a column redacted to a token as a string', () => {
    // Act
    const country = plan({ columns: { country: { mask: 'redact', token: '**' } } }).columns[6];

    // Assert
    expect([country?.mask, country?.athenaType]).toEqual([{ kind: 'redact', token: '**' }, 'string']);
  });

  it('renames a column', () => {
    // Act
    const email = plan({ columns: { email: { rename: 'contact_email' } } }).columns[1];

    // Assert
    expect([email?.source, email?.output]).toEqual(['email', 'contact_email']);
  });

  it('casts a column to the config type, in Athena and DuckDB terms', () => {
    // Act
    const price = plan({ columns: { price: { cast: 'decimal(12,2)' } } }).columns[4];

    // Assert
    expect([price?.cast, price?.athenaType, price?.duckdbType]).toEqual([
      'decimal(12,2)',
      'decimal(12,2)',
      'DECIMAL(12,2)',
    ]);
  });

  it('refuses a rule on a column the source lacks, naming table, column and existing columns', () => {
    // Act
    const error = thrown(() => plan({ columns: { phone: { mask: 'redact' } } }));

    // Assert
    expect(error).toBeInstanceOf(UnknownColumnError);
    expect((error as Error).message).toBe(
      'Table service.users: columns names column "phone", which the source table does not have; its columns are: id, email, name, password_hash, price, created_at, country',
    );
  });

  it('refuses a partition key on a column the source lacks', () => {
    // Act
    const error = thrown(() => plan({ partitionBy: [{ column: 'listed_on', granularity: 'day' }] }));

    // Assert
    expect(error).toMatchObject({ name: 'UnknownColumnError', field: 'partitionBy', column: 'listed_on' });
  });

  it('refuses a watermark column the source lacks', () => {
    // Act
    const error = thrown(() => plan({ mode: 'incremental', watermarkColumn: 'updated_at' }));

    // Assert
    expect(error).toMatchObject({
      name: 'UnknownColumnError',
      field: 'watermarkColumn',
      column: 'updated_at',
    });
  });

  it('leaves a new column out and lists it when newColumns is exclude', () => {
    // Act
    const result = plan(
      {},
      { knownColumns: ['id', 'email', 'name', 'password_hash', 'price', 'created_at'] },
    );

    // Assert
    expect([result.columns.some((column) => column.source === 'country'), result.excludedNewColumns]).toEqual(
      [false, ['country']],
    );
  });

  it('takes a new column in and lists it when newColumns is include', () => {
    // Act
    const result = plan(
      { newColumns: 'include' },
      { knownColumns: ['id', 'email', 'name', 'password_hash', 'price', 'created_at'] },
    );

    // Assert
    expect([result.columns.at(-1)?.source, result.includedNewColumns]).toEqual(['country', ['country']]);
  });

  it('fails naming every new column when newColumns is fail', () => {
    // Act
    const error = thrown(() => plan({ newColumns: 'fail' }, { knownColumns: ['id', 'email', 'name'] }));

    // Assert
    expect(error).toBeInstanceOf(NewColumnsError);
    expect((error as NewColumnsError).columns).toEqual(['password_hash', 'price', 'created_at', 'country']);
  });

  it('does not count a column named by a rule as new', () => {
    // Act
    const result = plan(
      { columns: { country: { mask: 'hash' } } },
      { knownColumns: ['id', 'email', 'name', 'password_hash', 'price', 'created_at'] },
    );

    // Assert
    expect(result.excludedNewColumns).toEqual([]);
  });

  it('compares known columns without regard to case, as Glue folds names', () => {
    // Act
    const result = plan(
      {},
      { knownColumns: ['ID', 'EMAIL', 'NAME', 'PASSWORD_HASH', 'PRICE', 'CREATED_AT', 'Country'] },
    );

    // Assert
    expect(result.excludedNewColumns).toEqual([]);
  });

  it('names a month partition key <output>_month', () => {
    // Act
    const result = plan({ partitionBy: [{ column: 'created_at', granularity: 'month' }] });

    // Assert
    expect(result.partitionKeys).toEqual([
      { name: 'created_at_month', column: 'created_at', granularity: 'month' },
    ]);
  });

  it('names a value partition key after the renamed output column', () => {
    // Act
    const result = plan({ partitionBy: ['country'], columns: { country: { rename: 'country_code' } } });

    // Assert
    expect(result.partitionKeys).toEqual([
      { name: 'country_code', column: 'country_code', granularity: 'value' },
    ]);
  });

  it('refuses a day partition on a column that is not a date or timestamp', () => {
    // Act
    const error = thrown(() => plan({ partitionBy: [{ column: 'price', granularity: 'day' }] }));

    // Assert
    expect(error).toBeInstanceOf(TablePlanError);
    expect((error as Error).message).toMatch(
      /column price: has curated type decimal\(10,2\); granularity day needs a date or timestamp/,
    );
  });

  it('refuses a masked partition column, as its value would leak into paths', () => {
    // Act
    const error = thrown(() => plan({ partitionBy: ['email'], columns: { email: { mask: 'hash' } } }));

    // Assert
    expect((error as Error).message).toMatch(
      /column email: is masked \(hash\) and cannot be a partition key/,
    );
  });

  it('refuses two columns with one output name after renames', () => {
    // Act
    const error = thrown(() => plan({ columns: { email: { rename: 'name' } } }));

    // Assert
    expect(error).toBeInstanceOf(TablePlanError);
    expect((error as Error).message).toMatch(
      /column name: has curated name name, which column email has already/,
    );
  });

  it('refuses two source columns whose names differ only in case, naming both and the rename that resolves it', () => {
    // Arrange
    const sourceColumns = [
      { name: 'id', type: mysql('int') },
      { name: 'Email', type: mysql('varchar', 'varchar(255)') },
      { name: 'email', type: mysql('varchar', 'varchar(255)') },
    ];

    // Act
    const error = thrown(() => plan({}, { sourceColumns }));

    // Assert
    expect(error).toBeInstanceOf(TablePlanError);
    expect((error as Error).message).toMatch(
      /column email: has curated name email, which column Email has already.*allowed: columns\.email\.rename to a name no other kept column has/,
    );
  });

  it('refuses a column whose type has no exact curated type and no cast, naming the table and the column', () => {
    // Act
    const error = thrown(() =>
      plan({}, { sourceColumns: [{ name: 'legacy_amount', type: mysql('decimal', 'decimal(40,2)') }] }),
    );

    // Assert
    expect(error).toBeInstanceOf(TypeMappingError);
    expect((error as TypeMappingError).column).toBe('legacy_amount');
    expect((error as Error).message).toMatch(/^\S+\.\S+: .*legacy_amount/);
  });

  it('accepts that column with a cast', () => {
    // Act
    const result = plan(
      { columns: { legacy_amount: { cast: 'decimal(38,2)' } } },
      { sourceColumns: [{ name: 'legacy_amount', type: mysql('decimal', 'decimal(40,2)') }] },
    );

    // Assert
    expect(result.columns[0]?.duckdbType).toBe('DECIMAL(38,2)');
  });

  it('refuses a run id that is not YYYYMMDDTHHMMSSZ', () => {
    // Act / Assert
    expect(() => plan({}, { runId: 'yesterday' })).toThrow(/Invalid run id: received "yesterday"/);
  });

  describe('mode, primary key and watermark', () => {
    const INCREMENTAL: Partial<TableInput> = { mode: 'incremental', watermarkColumn: 'created_at' };

    it('takes the mode from the config', () => {
      // Act
      const modes = [plan({}).mode, plan(INCREMENTAL).mode];

      // Assert
      expect(modes).toEqual(['snapshot-export', 'incremental']);
    });

    it('names the watermark column by its output name', () => {
      // Act
      const result = plan({ ...INCREMENTAL, columns: { created_at: { rename: 'changed_at' } } });

      // Assert
      expect(result.watermarkColumn).toBe('changed_at');
    });

    it('has no watermark column for a snapshot table', () => {
      // Act
      const result = plan({});

      // Assert
      expect(result.watermarkColumn).toBeUndefined();
    });

    it('gives the primary key by output names, a hashed key column included', () => {
      // Act
      const result = plan(
        { columns: { id: { rename: 'user_id' }, email: { mask: 'hash' } } },
        { primaryKey: ['id', 'email'] },
      );

      // Assert
      expect(result.primaryKey).toEqual(['user_id', 'email']);
    });

    it('has no primary key when the caller does not know it', () => {
      // Act
      const result = plan(INCREMENTAL);

      // Assert
      expect(result.primaryKey).toBeUndefined();
    });

    it.each([
      ['dropped', { password_hash: 'drop' }],
      ['redacted', { password_hash: { mask: 'redact' } }],
      ['truncated', { password_hash: { mask: 'truncate', length: 2 } }],
    ] as const)(
      'has no primary key when a key column is %s: its values no longer identify a row',
      (_, columns) => {
        // Act
        const result = plan({ ...INCREMENTAL, columns }, { primaryKey: ['id', 'password_hash'] });

        // Assert
        expect(result.primaryKey).toBeUndefined();
      },
    );

    it('refuses an incremental table with a column curated as "run", the run partition key', () => {
      // Act
      const error = thrown(() => plan({ ...INCREMENTAL, columns: { country: { rename: 'run' } } }));

      // Assert
      expect(error).toBeInstanceOf(TablePlanError);
      expect((error as TablePlanError).message).toBe(
        'Table service.users, column country: has the curated name "run", which an incremental table keeps for its run partition key; allowed: any other name (rename the column)',
      );
    });

    it('lets a snapshot table keep a column named "run"', () => {
      // Act
      const result = plan({ columns: { country: { rename: 'run' } } });

      // Assert
      expect(result.columns.map((column) => column.output)).toContain('run');
    });
  });
});
