import { ExportInfoError } from '../../../lib/core/errors';
import { type ExportTableStatus, sourceColumnsFromExport } from '../../../lib/core/export';
import { mapSourceType } from '../../../lib/core/types';

function table(
  ...columns: { name: string; type: string; exported?: string; precision?: number }[]
): ExportTableStatus {
  return {
    target: 'service.items',
    status: 'COMPLETE',
    schemaMetadata: {
      originalTypeMappings: columns.map((column) => ({
        columnName: column.name,
        originalType: column.type,
        expectedExportedType: column.exported ?? 'string',
        originalNumPrecision: column.precision,
      })),
    },
  };
}

describe('sourceColumnsFromExport', () => {
  it('keeps the source order of the columns', () => {
    // Act
    const names = sourceColumnsFromExport(
      table({ name: 'b', type: 'int(11)' }, { name: 'a', type: 'text' }),
      'mysql',
    ).map((column) => column.name);

    // Assert
    expect(names).toEqual(['b', 'a']);
  });

  it('gives a MySQL BIGINT UNSIGNED a type that maps to decimal(20,0)', () => {
    // Act
    const [id] = sourceColumnsFromExport(table({ name: 'id', type: 'bigint(20) unsigned' }), 'mysql');

    // Assert
    expect(id && mapSourceType(id.type).athenaType).toBe('decimal(20,0)');
  });

  it('takes a decimal scale from expectedExportedType when originalType has none', () => {
    // Act
    const [price] = sourceColumnsFromExport(
      table({ name: 'price', type: 'decimal', exported: 'decimal(10,2)', precision: 10 }),
      'mysql',
    );

    // Assert
    expect(price && mapSourceType(price.type).athenaType).toBe('decimal(10,2)');
  });

  it('refuses a decimal whose scale it cannot know, naming the column', () => {
    // Arrange
    const info = table({ name: 'price', type: 'decimal', exported: 'string', precision: 10 });

    // Act / Assert
    expect(() => sourceColumnsFromExport(info, 'mysql')).toThrow(ExportInfoError);
    expect(() => sourceColumnsFromExport(info, 'mysql')).toThrow(/originalTypeMappings\[price\]/);
  });

  it('reads a PostgreSQL USER-DEFINED column as an enum, which maps to string', () => {
    // Act
    const [status] = sourceColumnsFromExport(table({ name: 'status', type: 'USER-DEFINED' }), 'postgres');

    // Assert
    expect(status && mapSourceType(status.type).athenaType).toBe('string');
  });

  it('reads a PostgreSQL array type text as an array', () => {
    // Act
    const [tags] = sourceColumnsFromExport(table({ name: 'tags', type: 'integer[]' }), 'postgres');

    // Assert
    expect(tags && mapSourceType(tags.type).athenaType).toBe('array<int>');
  });

  it('raises ExportInfoError for a COMPLETE entry without column mappings', () => {
    // Act / Assert
    expect(() => sourceColumnsFromExport({ target: 'service.items', status: 'COMPLETE' }, 'mysql')).toThrow(
      /service\.items:\n\s+schemaMetadata\.originalTypeMappings: received nothing/,
    );
  });
});
