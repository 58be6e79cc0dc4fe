import { athenaTypeToPresto, curatedView, glueViewInput, parsePrestoView } from '../../../lib/core/commit';
import { TypeMappingError } from '../../../lib/core/errors';

function decode(viewOriginalText: string | undefined): unknown {
  const match = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(viewOriginalText ?? '');
  if (!match?.[1]) throw new Error(`not a Presto view text: ${viewOriginalText}`);
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
}

describe('curatedView', () => {
  it('selects every column, then the partition keys, explicitly from the run table, with its parameters', () => {
    // Act
    const view = curatedView({
      database: 'marketplace_service',
      name: 'items',
      from: 'items__run_20261123t030005z',
      columns: [{ name: 'id', type: 'bigint' }],
      partitionKeys: ['month'],
      parameters: { datalake_run_id: '20261123T030005Z' },
    });

    // Assert
    expect(view).toEqual({
      name: 'items',
      database: 'marketplace_service',
      sql: 'SELECT "id", "month" FROM "marketplace_service"."items__run_20261123t030005z"',
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'month', type: 'string' },
      ],
      parameters: { datalake_run_id: '20261123T030005Z' },
    });
  });

  it('reads only runs up to the committed one from a deltas table', () => {
    // Act
    const view = curatedView({
      database: 'marketplace_service',
      name: 'users',
      from: 'users__deltas',
      columns: [{ name: 'id', type: 'bigint' }],
      partitionKeys: ['run'],
      runsUpTo: '20261123T030005Z',
    });

    // Assert
    expect(view.sql).toBe(
      `SELECT "id", "run" FROM "marketplace_service"."users__deltas" WHERE "run" <= '20261123T030005Z'`,
    );
  });
});

describe('curatedView with dedupe', () => {
  const view = curatedView({
    database: 'marketplace_service',
    name: 'users_latest',
    from: 'users__deltas',
    columns: [{ name: 'id', type: 'bigint' }],
    partitionKeys: ['run'],
    runsUpTo: '20261123T030005Z',
    dedupe: { primaryKey: ['id'], newestFirst: ['updated_at', 'run'] },
  });

  it('keeps the newest committed version per key: row_number over the key, newest first, NULLs last', () => {
    // Assert
    expect(view.sql).toBe(
      `SELECT "id", "run" FROM (SELECT *, row_number() OVER (PARTITION BY "id" ORDER BY "updated_at" DESC NULLS LAST, "run" DESC NULLS LAST) AS "datalake_version" FROM "marketplace_service"."users__deltas" WHERE "run" <= '20261123T030005Z') AS "versions" WHERE "datalake_version" = 1`,
    );
  });

  it('declares the table columns and the run key, not the version number', () => {
    // Assert
    expect(view.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'run', type: 'string' },
    ]);
  });

  it('is the Presto view text Athena decodes', () => {
    // Act
    const input = glueViewInput(view);

    // Assert
    expect(decode(input.ViewOriginalText)).toEqual({
      originalSql: view.sql,
      catalog: 'awsdatacatalog',
      schema: 'marketplace_service',
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'run', type: 'varchar' },
      ],
    });
  });
});

describe('glueViewInput', () => {
  const view = curatedView({
    database: 'marketplace_service',
    name: 'users',
    from: 'users__run_20261123t030005z',
    columns: [
      { name: 'id', type: 'int' },
      { name: 'name', type: 'string' },
      { name: 'created_at', type: 'timestamp' },
    ],
    partitionKeys: [],
    parameters: { datalake_run_id: '20261123T030005Z' },
  });

  it('is a VIRTUAL_VIEW marked as a Presto view, with Hive types in the storage descriptor', () => {
    // Act
    const input = glueViewInput(view);

    // Assert
    expect(input).toMatchObject({
      Name: 'users',
      TableType: 'VIRTUAL_VIEW',
      Parameters: { datalake_run_id: '20261123T030005Z', presto_view: 'true', comment: 'Presto View' },
      PartitionKeys: [],
      ViewExpandedText: '/* Presto View */',
      StorageDescriptor: {
        Columns: [
          { Name: 'id', Type: 'int' },
          { Name: 'name', Type: 'string' },
          { Name: 'created_at', Type: 'timestamp' },
        ],
        SerdeInfo: {},
      },
    });
  });

  it('encodes the SQL, catalog, schema and Trino-typed columns as base64 JSON in ViewOriginalText', () => {
    // Act
    const input = glueViewInput(view);

    // Assert
    expect(decode(input.ViewOriginalText)).toEqual({
      originalSql:
        'SELECT "id", "name", "created_at" FROM "marketplace_service"."users__run_20261123t030005z"',
      catalog: 'awsdatacatalog',
      schema: 'marketplace_service',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'varchar' },
        { name: 'created_at', type: 'timestamp(3)' },
      ],
    });
  });
});

describe('parsePrestoView', () => {
  const view = curatedView({
    database: 'marketplace_service',
    name: 'items',
    from: 'items__run_20261123t030005z',
    columns: [{ name: 'price', type: 'decimal(20,0)' }],
    partitionKeys: ['month'],
    parameters: { datalake_run_id: '20261123T030005Z' },
  });

  it('gives back the view glueViewInput stored, without the Presto parameters', () => {
    // Arrange
    const input = glueViewInput(view);

    // Act
    const parsed = parsePrestoView({
      name: input.Name,
      viewOriginalText: input.ViewOriginalText ?? '',
      columns: input.StorageDescriptor.Columns.map((column) => ({ name: column.Name, type: column.Type })),
      parameters: input.Parameters,
    });

    // Assert
    expect(parsed).toEqual(view);
  });

  it('refuses a text that is not a Presto view, naming the view', () => {
    // Act / Assert
    expect(() =>
      parsePrestoView({ name: 'hive_view', viewOriginalText: 'SELECT 1', columns: [], parameters: {} }),
    ).toThrow('View hive_view: its ViewOriginalText is not a Presto view definition');
  });
});

describe('athenaTypeToPresto', () => {
  it.each([
    ['boolean', 'boolean'],
    ['tinyint', 'tinyint'],
    ['smallint', 'smallint'],
    ['int', 'integer'],
    ['bigint', 'bigint'],
    ['float', 'real'],
    ['double', 'double'],
    ['decimal(20,0)', 'decimal(20,0)'],
    ['DECIMAL(10, 2)', 'decimal(10,2)'],
    ['date', 'date'],
    ['timestamp', 'timestamp(3)'],
    ['string', 'varchar'],
    ['varchar(20)', 'varchar(20)'],
    ['char(2)', 'char(2)'],
    ['binary', 'varbinary'],
    ['array<string>', 'array(varchar)'],
    ['map<string,array<int>>', 'map(varchar, array(integer))'],
    ['struct<a:int,b:struct<c:double>>', 'row(a integer, b row(c double))'],
  ])('%s → %s', (athena, presto) => {
    // Act / Assert
    expect(athenaTypeToPresto(athena)).toBe(presto);
  });

  it('refuses a type the lake does not register, naming it', () => {
    // Act / Assert
    expect(() => athenaTypeToPresto('uniontype<int,string>')).toThrow(TypeMappingError);
    expect(() => athenaTypeToPresto('interval')).toThrow('athena type "interval" has no Trino type');
  });
});
