import { evolveSchema } from '../../../lib/core/commit';
import { SchemaEvolutionError, TypeMappingError } from '../../../lib/core/errors';

const TABLE = 'service.users';

describe('evolveSchema', () => {
  it('registers what was written on the first run', () => {
    // Act
    const evolution = evolveSchema(
      undefined,
      [
        { name: 'id', duckdbType: 'BIGINT' },
        { name: 'price', duckdbType: 'DECIMAL(20,0)' },
        { name: 'tags', duckdbType: 'VARCHAR[]' },
      ],
      TABLE,
    );

    // Assert
    expect(evolution.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'price', type: 'decimal(20,0)' },
      { name: 'tags', type: 'array<string>' },
    ]);
    expect(evolution.changes).toEqual({ added: evolution.columns, dropped: [], widened: [] });
  });

  it('keeps the same schema unchanged, whatever the spelling of a type', () => {
    // Arrange
    const previous = [
      { name: 'id', type: 'INT' },
      { name: 'amount', type: 'decimal(10, 2)' },
    ];

    // Act
    const evolution = evolveSchema(
      previous,
      [
        { name: 'id', duckdbType: 'INTEGER' },
        { name: 'amount', duckdbType: 'DECIMAL(10,2)' },
      ],
      TABLE,
    );

    // Assert
    expect(evolution).toEqual({ columns: previous, changes: { added: [], dropped: [], widened: [] } });
  });

  it('keeps a dropped column in place and reports it', () => {
    // Arrange
    const previous = [
      { name: 'id', type: 'int' },
      { name: 'nickname', type: 'string' },
      { name: 'created_at', type: 'timestamp' },
    ];

    // Act
    const evolution = evolveSchema(
      previous,
      [
        { name: 'id', duckdbType: 'INTEGER' },
        { name: 'created_at', duckdbType: 'TIMESTAMP' },
      ],
      TABLE,
    );

    // Assert
    expect(evolution.columns).toEqual(previous);
    expect(evolution.changes.dropped).toEqual([{ name: 'nickname', type: 'string' }]);
  });

  it('widens a widened column in place and reports old and new type', () => {
    // Act
    const evolution = evolveSchema(
      [
        { name: 'id', type: 'int' },
        { name: 'score', type: 'float' },
      ],
      [
        { name: 'id', duckdbType: 'BIGINT' },
        { name: 'score', duckdbType: 'DOUBLE' },
      ],
      TABLE,
    );

    // Assert
    expect(evolution.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'score', type: 'double' },
    ]);
    expect(evolution.changes.widened).toEqual([
      { name: 'id', from: 'int', to: 'bigint' },
      { name: 'score', from: 'float', to: 'double' },
    ]);
  });

  it('appends new columns after the catalog columns, in written order', () => {
    // Act
    const evolution = evolveSchema(
      [
        { name: 'id', type: 'int' },
        { name: 'email_hash', type: 'string' },
      ],
      [
        { name: 'phone_hash', duckdbType: 'VARCHAR' },
        { name: 'email_hash', duckdbType: 'VARCHAR' },
        { name: 'id', duckdbType: 'INTEGER' },
        { name: 'Country', duckdbType: 'VARCHAR' },
      ],
      TABLE,
    );

    // Assert
    expect(evolution.columns.map((column) => column.name)).toEqual([
      'id',
      'email_hash',
      'phone_hash',
      'country',
    ]);
    expect(evolution.changes.added).toEqual([
      { name: 'phone_hash', type: 'string' },
      { name: 'country', type: 'string' },
    ]);
  });

  it('refuses every incompatible change at once, naming column, old and new type', () => {
    // Arrange
    const previous = [
      { name: 'id', type: 'bigint' },
      { name: 'born', type: 'date' },
      { name: 'ok', type: 'int' },
    ];

    // Act
    let error: unknown;
    try {
      evolveSchema(
        previous,
        [
          { name: 'id', duckdbType: 'INTEGER' },
          { name: 'born', duckdbType: 'VARCHAR' },
          { name: 'ok', duckdbType: 'BIGINT' },
        ],
        TABLE,
      );
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(SchemaEvolutionError);
    expect((error as SchemaEvolutionError).changes).toEqual([
      { column: 'id', previousType: 'bigint', writtenType: 'int' },
      { column: 'born', previousType: 'date', writtenType: 'string' },
    ]);
    expect((error as SchemaEvolutionError).message).toContain(
      'Table service.users: incompatible schema change(s)',
    );
    expect((error as SchemaEvolutionError).message).toContain('  id: catalog has bigint, run wrote int');
  });

  it('is idempotent: evolving its own result with the same written schema changes nothing', () => {
    // Arrange
    const written = [
      { name: 'id', duckdbType: 'BIGINT' },
      { name: 'added', duckdbType: 'DATE' },
    ];
    const first = evolveSchema(
      [
        { name: 'id', type: 'int' },
        { name: 'gone', type: 'string' },
      ],
      written,
      TABLE,
    );

    // Act
    const second = evolveSchema(first.columns, written, TABLE);

    // Assert
    expect(second.columns).toEqual(first.columns);
    expect(second.changes).toEqual({ added: [], dropped: [{ name: 'gone', type: 'string' }], widened: [] });
  });

  it('names the column whose written DuckDB type Athena cannot read', () => {
    // Act / Assert
    expect(() => evolveSchema(undefined, [{ name: 'qty', duckdbType: 'UBIGINT' }], TABLE)).toThrow(
      TypeMappingError,
    );
    expect(() => evolveSchema(undefined, [{ name: 'qty', duckdbType: 'UBIGINT' }], TABLE)).toThrow(
      /^column "qty": duckdb type "UBIGINT" is unsigned/,
    );
  });
});
