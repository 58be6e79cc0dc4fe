import {
  exportInfoKey,
  exportTablesInfoKey,
  isExportPartKey,
  isExportTablesInfoKey,
  tableExportPrefix,
} from '../../../lib/core/export';

describe('export layout', () => {
  it('puts the info file under <prefix>/<export id>/', () => {
    // Act / Assert
    expect(exportInfoKey('exports/', 'exp-1')).toBe('exports/exp-1/export_info_exp-1.json');
  });

  it('puts the info file at <export id>/ without a prefix', () => {
    // Act / Assert
    expect(exportInfoKey('', 'exp-1')).toBe('exp-1/export_info_exp-1.json');
  });

  it('names table info files by the table range they cover', () => {
    // Act / Assert
    expect(exportTablesInfoKey('exports', 'exp-1', 1, 4)).toBe(
      'exports/exp-1/export_tables_info_exp-1_from_1_to_4.json',
    );
  });

  it('recognises the table info files of its export only', () => {
    // Act
    const matches = [
      'exports/exp-1/export_tables_info_exp-1_from_1_to_4.json',
      'exports/exp-1/export_tables_info_exp-10_from_1_to_4.json',
      'exports/exp-1/export_info_exp-1.json',
    ].map((key) => isExportTablesInfoKey(key, 'exports', 'exp-1'));

    // Assert
    expect(matches).toEqual([true, false, false]);
  });

  it('places a PostgreSQL table under <database>/<schema>.<table>/', () => {
    // Act / Assert
    expect(
      tableExportPrefix('exports', 'exp-1', {
        engine: 'postgres',
        database: 'payments',
        schema: 'public',
        table: 'refunds',
      }),
    ).toBe('exports/exp-1/payments/public.refunds/');
  });

  it('takes part files and not _SUCCESS markers', () => {
    // Act
    const parts = ['t/1/part-00000-1a2b.gz.parquet', 't/1/_SUCCESS'].map(isExportPartKey);

    // Assert
    expect(parts).toEqual([true, false]);
  });
});
