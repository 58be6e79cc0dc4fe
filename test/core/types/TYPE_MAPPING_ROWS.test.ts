import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TYPE_MAPPING_ROWS, typeMappingMarkdown, typeMappingTables } from '../../../lib/core/types';
import { readGeneratedSection } from '../../../scripts/docs/generatedSection';

/** The documented table, written out by hand: engine, source type → [RDS export, curated Parquet, Athena]. */
const DOCUMENTED: Readonly<Record<string, readonly [string, string, string]>> = {
  'mysql tinyint(4)': ['INT32', 'INT32 INT(8,true)', 'tinyint'],
  'mysql tinyint(3) unsigned': ['INT32 INT(16,true)', 'INT32 INT(16,true)', 'smallint'],
  'mysql tinyint(1)': ['INT32', 'BOOLEAN', 'boolean'],
  'mysql smallint(6)': ['INT32', 'INT32 INT(16,true)', 'smallint'],
  'mysql smallint(5) unsigned': ['INT32', 'INT32 INT(32,true)', 'int'],
  'mysql mediumint(9)': ['INT32', 'INT32 INT(32,true)', 'int'],
  'mysql mediumint(8) unsigned': ['INT64', 'INT32 INT(32,true)', 'int'],
  'mysql int(11)': ['INT32', 'INT32 INT(32,true)', 'int'],
  'mysql int(10) unsigned': ['INT64', 'INT64 INT(64,true)', 'bigint'],
  'mysql bigint(20)': ['INT64', 'INT64 INT(64,true)', 'bigint'],
  'mysql bigint(20) unsigned': [
    'FIXED_LEN_BYTE_ARRAY DECIMAL(20,0)',
    'FIXED_LEN_BYTE_ARRAY DECIMAL(20,0)',
    'decimal(20,0)',
  ],
  'mysql decimal(10,2)': ['INT64 DECIMAL(10,2)', 'INT64 DECIMAL(10,2)', 'decimal(10,2)'],
  'mysql decimal(38,10)': [
    'FIXED_LEN_BYTE_ARRAY DECIMAL(38,10)',
    'FIXED_LEN_BYTE_ARRAY DECIMAL(38,10)',
    'decimal(38,10)',
  ],
  'mysql decimal(65,30)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'mysql float': ['DOUBLE', 'FLOAT', 'float'],
  'mysql double': ['DOUBLE', 'DOUBLE', 'double'],
  'mysql bit(1)': ['BYTE_ARRAY', 'BOOLEAN', 'boolean'],
  'mysql bit(8)': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'mysql char(10)': ['BYTE_ARRAY', 'BYTE_ARRAY STRING', 'string'],
  'mysql varchar(255)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'mysql text': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'mysql longtext': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  "mysql enum('new','sold')": ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  "mysql set('a','b')": ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'mysql json': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'mysql binary(16)': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'mysql varbinary(255)': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'mysql blob': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'mysql longblob': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'mysql geometry': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'mysql date': ['BYTE_ARRAY STRING', 'INT32 DATE', 'date'],
  'mysql datetime(6)': ['INT64 TIMESTAMP_MICROS', 'INT64 TIMESTAMP_MICROS', 'timestamp'],
  'mysql timestamp(6)': ['INT64 TIMESTAMP_MICROS', 'INT64 TIMESTAMP_MICROS', 'timestamp'],
  'mysql time(6)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'mysql year(4)': ['INT32', 'INT32 INT(16,true)', 'smallint'],
  'mysql uuid': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres smallint': ['INT32 INT(16,true)', 'INT32 INT(16,true)', 'smallint'],
  'postgres integer': ['INT32', 'INT32 INT(32,true)', 'int'],
  'postgres bigint': ['INT64', 'INT64 INT(64,true)', 'bigint'],
  'postgres numeric(10,2)': ['BYTE_ARRAY STRING', 'INT64 DECIMAL(10,2)', 'decimal(10,2)'],
  'postgres numeric(38,10)': ['BYTE_ARRAY STRING', 'FIXED_LEN_BYTE_ARRAY DECIMAL(38,10)', 'decimal(38,10)'],
  'postgres numeric': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres numeric (unboundedNumeric: decimal(38,10))': [
    'BYTE_ARRAY STRING',
    'FIXED_LEN_BYTE_ARRAY DECIMAL(38,10)',
    'decimal(38,10)',
  ],
  'postgres real': ['FLOAT', 'FLOAT', 'float'],
  'postgres double precision': ['DOUBLE', 'DOUBLE', 'double'],
  'postgres money': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres boolean': ['BOOLEAN', 'BOOLEAN', 'boolean'],
  'postgres text': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres character varying(255)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres character(10)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres name': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres bytea': ['BYTE_ARRAY', 'BYTE_ARRAY', 'binary'],
  'postgres bit(1)': ['BYTE_ARRAY STRING', 'BOOLEAN', 'boolean'],
  'postgres bit(8)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres bit varying(16)': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres date': ['BYTE_ARRAY STRING', 'INT32 DATE', 'date'],
  'postgres time without time zone': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres time(3) with time zone': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres timestamp(6) without time zone': ['BYTE_ARRAY STRING', 'INT64 TIMESTAMP_MICROS', 'timestamp'],
  'postgres timestamp with time zone': ['BYTE_ARRAY STRING', 'INT64 TIMESTAMP_MICROS', 'timestamp'],
  'postgres interval': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres json': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres jsonb': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres uuid': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres inet': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres cidr': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres macaddr': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres xml': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres tsvector': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres point': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres int4range': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres mood': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
  'postgres integer[]': ['BYTE_ARRAY STRING', 'LIST<INT32 INT(32,true)>', 'array<int>'],
  'postgres integer[][]': ['BYTE_ARRAY STRING', 'LIST<LIST<INT32 INT(32,true)>>', 'array<array<int>>'],
  'postgres text[]': ['BYTE_ARRAY STRING', 'LIST<BYTE_ARRAY STRING>', 'array<string>'],
  'postgres numeric(10,2)[]': ['BYTE_ARRAY STRING', 'LIST<INT64 DECIMAL(10,2)>', 'array<decimal(10,2)>'],
  'postgres boolean[]': ['BYTE_ARRAY STRING', 'LIST<BOOLEAN>', 'array<boolean>'],
  'postgres mood[]': ['BYTE_ARRAY STRING', 'LIST<BYTE_ARRAY STRING>', 'array<string>'],
  'postgres date[]': ['BYTE_ARRAY STRING', 'LIST<INT32 DATE>', 'array<date>'],
  'postgres bigint[]': ['BYTE_ARRAY STRING', 'LIST<INT64 INT(64,true)>', 'array<bigint>'],
  'postgres character varying(20)[]': ['BYTE_ARRAY STRING', 'LIST<BYTE_ARRAY STRING>', 'array<string>'],
  'postgres timestamp without time zone[]': [
    'BYTE_ARRAY STRING',
    'LIST<INT64 TIMESTAMP_MICROS>',
    'array<timestamp>',
  ],
  'postgres timestamp with time zone[]': [
    'BYTE_ARRAY STRING',
    'LIST<INT64 TIMESTAMP_MICROS>',
    'array<timestamp>',
  ],
  'postgres uuid[]': ['BYTE_ARRAY STRING', 'LIST<BYTE_ARRAY STRING>', 'array<string>'],
  'postgres jsonb[]': ['BYTE_ARRAY STRING', 'LIST<BYTE_ARRAY STRING>', 'array<string>'],
  'postgres bytea[]': ['BYTE_ARRAY STRING', 'LIST<BYTE_ARRAY>', 'array<binary>'],
  'postgres box[]': ['BYTE_ARRAY STRING', 'BYTE_ARRAY STRING', 'string'],
};

/** A row's key: its engine and source type, and the mapping option it is shown with. */
function rowKey(row: (typeof TYPE_MAPPING_ROWS)[number]): string {
  const option = row.options?.unboundedNumeric;
  return `${row.engine} ${row.sourceType}${option === undefined ? '' : ` (unboundedNumeric: ${option})`}`;
}

describe('TYPE_MAPPING_ROWS', () => {
  it('documents exactly the source types of the hand-written table', () => {
    // Act
    const keys = TYPE_MAPPING_ROWS.map(rowKey);

    // Assert
    expect(keys.sort()).toEqual(Object.keys(DOCUMENTED).sort());
  });

  it.each(TYPE_MAPPING_ROWS.map((row) => [rowKey(row), row] as const))(
    'maps %s as documented',
    (key, row) => {
      // Assert
      expect([row.rdsExport, row.curatedParquet, row.athenaType]).toEqual(DOCUMENTED[key]);
    },
  );

  it('cites the AWS data conversion page for every export representation it does not assume', () => {
    // Act
    const silent = TYPE_MAPPING_ROWS.filter((row) => row.rdsExportNote.includes('does not list'));

    // Assert: only the types AWS's table leaves out are marked as assumed
    expect(silent.map((row) => `${row.engine} ${row.sourceType}`)).toEqual(['mysql uuid']);
  });
});

describe('docs/type-mapping.md', () => {
  it('is the current output of scripts/print-type-mapping.ts (regenerate: npm run docs)', () => {
    // Arrange
    const committed = readFileSync(resolve(__dirname, '../../../docs/type-mapping.md'), 'utf8');

    // Act
    const current = typeMappingMarkdown();

    // Assert
    expect(committed).toBe(current);
  });

  it('is printed in the README too (regenerate: npm run docs)', () => {
    // Arrange
    const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');

    // Act
    const block = readGeneratedSection(readme, 'type-mapping');

    // Assert
    expect(block).toBe(typeMappingTables());
  });

  it('escapes the pipes of SQL so every table row keeps its eight columns', () => {
    // Act
    const rows = typeMappingMarkdown()
      .split('\n')
      .filter((line) => line.startsWith('| `'));

    // Assert
    const cellCounts = new Set(rows.map((line) => line.replaceAll('\\|', '').split('|').length - 2));
    expect([...cellCounts]).toEqual([8]);
    expect(rows).toHaveLength(TYPE_MAPPING_ROWS.length);
  });
});
