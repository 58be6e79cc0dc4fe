import { TypeMappingError } from '../../../lib/core/errors';
import { mapSourceType, type SourceColumnType, TYPE_MAPPING_ROWS } from '../../../lib/core/types';

function mysql(columnType: string, dataType = columnType.replace(/[( ].*$/, '')): SourceColumnType {
  return { engine: 'mysql', column: 'c', dataType, columnType };
}

function postgres(
  columnType: string,
  dataType = columnType,
  extra: Partial<SourceColumnType> = {},
): SourceColumnType {
  return { engine: 'postgres', column: 'c', dataType, columnType, ...extra };
}

describe('mapSourceType', () => {
  describe('integers', () => {
    it.each([
      ['tinyint(3) unsigned', 'smallint', 'SMALLINT'],
      ['smallint(5) unsigned', 'int', 'INTEGER'],
      ['mediumint(8) unsigned', 'int', 'INTEGER'],
      ['int(10) unsigned', 'bigint', 'BIGINT'],
      ['bigint(20) unsigned', 'decimal(20,0)', 'DECIMAL(20,0)'],
      ['tinyint(4)', 'tinyint', 'TINYINT'],
      ['mediumint(9)', 'int', 'INTEGER'],
      ['bigint(20)', 'bigint', 'BIGINT'],
      ['year(4)', 'smallint', 'SMALLINT'],
    ])('widens MySQL %s to Athena %s', (columnType, athenaType, duckdbType) => {
      // Act
      const mapping = mapSourceType(mysql(columnType));

      // Assert
      expect([mapping.athenaType, mapping.duckdbType]).toEqual([athenaType, duckdbType]);
    });

    it('reads BIGINT UNSIGNED from the export as its DECIMAL(20,0) with a CAST that fails on overflow', () => {
      // Act
      const mapping = mapSourceType(mysql('bigint(20) unsigned'));

      // Assert
      expect(mapping.rdsExport).toMatchObject({ physical: 'FIXED_LEN_BYTE_ARRAY', logical: 'DECIMAL(20,0)' });
      expect(mapping.fromExportSql('"id"')).toBe('CAST("id" AS DECIMAL(20,0))');
    });
  });

  describe('booleans', () => {
    it.each([
      [mysql('tinyint(1)')],
      [mysql('tinyint(1) unsigned', 'tinyint')],
      [mysql('bit(1)')],
      [postgres('boolean', 'bool')],
      [postgres('bit(1)', 'bit')],
    ])('maps %o to boolean', (column) => {
      // Act
      const mapping = mapSourceType(column);

      // Assert
      expect(mapping.athenaType).toBe('boolean');
    });

    it('refuses a TINYINT(1) value other than 0 or 1 instead of collapsing it to true', () => {
      // Act
      const sql = mapSourceType(mysql('tinyint(1)')).fromExportSql('"flag"');

      // Assert
      expect(sql).toContain('"flag" IN (0, 1)');
      expect(sql).toContain('error(');
      expect(sql).not.toMatch(/TRY_CAST/i);
    });

    it('keeps MySQL BIT(n > 1) as binary', () => {
      // Act
      const mapping = mapSourceType(mysql('bit(8)'));

      // Assert
      expect(mapping.athenaType).toBe('binary');
    });
  });

  describe('decimals', () => {
    it.each([
      [mysql('decimal(10,2)'), 'decimal(10,2)'],
      [mysql('decimal(19,0)'), 'decimal(19,0)'],
      [mysql('decimal(38,10)'), 'decimal(38,10)'],
      [postgres('numeric(24,4)', 'numeric'), 'decimal(24,4)'],
      [postgres('numeric(5)', 'numeric'), 'decimal(5,0)'],
    ])('keeps precision and scale of %o', (column, athenaType) => {
      // Act
      const mapping = mapSourceType(column);

      // Assert
      expect(mapping.athenaType).toBe(athenaType);
    });

    it('takes precision and scale from the catalog columns when the type text has none', () => {
      // Act
      const mapping = mapSourceType({
        engine: 'mysql',
        dataType: 'decimal',
        columnType: 'decimal',
        numericPrecision: 21,
        numericScale: 3,
      });

      // Assert
      expect(mapping.duckdbType).toBe('DECIMAL(21,3)');
    });

    it('writes a 19+ digit decimal as FIXED_LEN_BYTE_ARRAY, not a rounded double', () => {
      // Act
      const mapping = mapSourceType(mysql('decimal(19,4)'));

      // Assert
      expect(mapping.parquet).toEqual({ physical: 'FIXED_LEN_BYTE_ARRAY', logical: 'DECIMAL(19,4)' });
    });

    it('parses PostgreSQL numeric from the export text with CAST, so NaN fails loudly', () => {
      // Act
      const mapping = mapSourceType(postgres('numeric(24,4)', 'numeric'));

      // Assert
      expect(mapping.rdsExport).toMatchObject({ physical: 'BYTE_ARRAY', logical: 'STRING' });
      expect(mapping.fromExportSql('"amount"')).toBe('CAST("amount" AS DECIMAL(24,4))');
    });

    it('refuses a decimal wider than 38 digits by default, naming the column and suggesting a cast', () => {
      // Act
      const act = () => mapSourceType(mysql('decimal(65,30)'));

      // Assert
      expect(act).toThrow(TypeMappingError);
      expect(act).toThrow(/precision 65.*1 to 38 digits/);
      expect(act).toThrow(/column "c".*`cast`: `string` keeps the exact text, `decimal\(38,10\)`/);
    });

    it('lands a numeric without precision as its exact text by default (unboundedNumeric: string)', () => {
      // Act
      const mapping = mapSourceType(postgres('numeric', 'numeric'));

      // Assert
      expect([mapping.athenaType, mapping.fromReplicaSql('"c"')]).toEqual(['string', 'CAST("c" AS VARCHAR)']);
    });

    it('lands a numeric without precision as decimal(38,N), checked not to round, with unboundedNumeric: decimal(38,N)', () => {
      // Act
      const mapping = mapSourceType(postgres('numeric', 'numeric'), { unboundedNumeric: 'decimal(38,4)' });

      // Assert
      expect([mapping.athenaType, mapping.duckdbType]).toEqual(['decimal(38,4)', 'DECIMAL(38,4)']);
      expect(mapping.fromExportSql('"c"')).toBe(
        String.raw`CASE WHEN "c" IS NULL THEN NULL WHEN regexp_full_match("c", '-?\d{1,34}(\.\d{0,4}0*)?') THEN CAST("c" AS DECIMAL(38,4)) ELSE error(concat('expected a numeric that fits decimal(38,4) without rounding (unboundedNumeric) in "c", got: ', CAST("c" AS VARCHAR))) END`,
      );
      expect(mapping.fromReplicaSql('"c"')).toBe(mapping.fromExportSql('"c"'));
    });

    it('refuses a numeric without precision with unboundedNumeric: fail, naming the keys that change it', () => {
      // Act
      const act = () => mapSourceType(postgres('numeric', 'numeric'), { unboundedNumeric: 'fail' });

      // Assert
      expect(act).toThrow(TypeMappingError);
      expect(act).toThrow(
        /column "c" type "numeric" has no declared precision.*set `unboundedNumeric` to `string`.*`cast`.*`drop`/,
      );
    });

    it('applies unboundedNumeric to the elements of a numeric array', () => {
      // Act
      const mapping = mapSourceType(postgres('numeric[]', '_numeric'), { unboundedNumeric: 'decimal(38,0)' });

      // Assert
      expect(mapping.athenaType).toBe('array<decimal(38,0)>');
    });

    it('lands a decimal wider than 38 digits as its exact text when oversizeDecimal is string', () => {
      // Act
      const mapping = mapSourceType(mysql('decimal(65,30)'), { oversizeDecimal: 'string' });

      // Assert
      expect([mapping.athenaType, mapping.rdsExport.logical]).toEqual(['string', 'STRING']);
    });

    it('refuses a scale larger than the precision', () => {
      // Act
      const act = () => mapSourceType(postgres('numeric(5,7)', 'numeric'));

      // Assert
      expect(act).toThrow(/scale 7; allowed is 0 to the precision 5/);
    });
  });

  describe('dates and times', () => {
    it('reads MySQL DATE from the export text, since the export writes it as a string', () => {
      // Act
      const mapping = mapSourceType(mysql('date'));

      // Assert
      expect(mapping.rdsExport).toMatchObject({ physical: 'BYTE_ARRAY', logical: 'STRING' });
      expect([mapping.athenaType, mapping.duckdbType]).toEqual(['date', 'DATE']);
    });

    it.each([
      mysql('datetime(6)', 'datetime'),
      mysql('timestamp(6)', 'timestamp'),
      postgres('timestamp(3) without time zone', 'timestamp'),
      postgres('timestamp with time zone', 'timestamptz'),
    ])('writes %o as TIMESTAMP microseconds, never INT96 or nanos', (column) => {
      // Act
      const mapping = mapSourceType(column);

      // Assert
      expect(mapping.parquet).toEqual({ physical: 'INT64', logical: 'TIMESTAMP_MICROS' });
      expect(mapping.duckdbType).toBe('TIMESTAMP');
    });

    it('converts timestamptz text to its UTC wall clock', () => {
      // Act
      const sql = mapSourceType(postgres('timestamp with time zone', 'timestamptz')).fromExportSql('"at"');

      // Assert
      expect(sql).toContain(`timezone('UTC', CAST("at" AS TIMESTAMPTZ))`);
    });

    it.each([
      [mysql('time(6)', 'time')],
      [postgres('time without time zone', 'time')],
      [postgres('time(3) with time zone', 'timetz')],
      [postgres('interval(6)', 'interval')],
      [postgres('interval year to month', 'interval')],
    ])('maps %o to string (Athena has no time type in Parquet)', (column) => {
      // Act
      const mapping = mapSourceType(column);

      // Assert
      expect(mapping.athenaType).toBe('string');
    });
  });

  describe('strings and bytes', () => {
    it.each([
      mysql('varchar(255)'),
      mysql("enum('new','sold')", 'enum'),
      mysql("set('a','b')", 'set'),
      mysql('json'),
      postgres('character varying(255)', 'varchar'),
      postgres('jsonb'),
      postgres('uuid'),
      postgres('inet'),
      postgres('mood', 'mood', { userDefinedEnum: true }),
    ])('maps %o to string', (column) => {
      // Act
      const mapping = mapSourceType(column);

      // Assert
      expect([mapping.athenaType, mapping.duckdbType]).toEqual(['string', 'VARCHAR']);
    });

    it('decodes MySQL CHAR, which the export writes without the STRING annotation, as UTF-8', () => {
      // Act
      const mapping = mapSourceType(mysql('char(10)'));

      // Assert
      expect(mapping.rdsExport).toMatchObject({ physical: 'BYTE_ARRAY', logical: null });
      expect(mapping.fromExportSql('"code"')).toBe('decode("code")');
    });

    it.each([mysql('blob'), mysql('varbinary(16)', 'varbinary'), postgres('bytea')])(
      'maps %o to binary',
      (column) => {
        // Act
        const mapping = mapSourceType(column);

        // Assert
        expect([mapping.athenaType, mapping.duckdbType]).toEqual(['binary', 'BLOB']);
      },
    );
  });

  describe('PostgreSQL arrays', () => {
    it.each([
      [postgres('integer[]', '_int4'), 'array<int>', 'INTEGER[]'],
      [postgres('_int4', '_int4'), 'array<int>', 'INTEGER[]'],
      [postgres('integer[][]', '_int4'), 'array<array<int>>', 'INTEGER[][]'],
      [postgres('text[][][]', '_text'), 'array<array<array<string>>>', 'VARCHAR[][][]'],
      [postgres('numeric(10,2)[]', '_numeric'), 'array<decimal(10,2)>', 'DECIMAL(10,2)[]'],
      [postgres('mood[]', '_mood', { userDefinedEnum: true }), 'array<string>', 'VARCHAR[]'],
      [postgres('date[]', '_date'), 'array<date>', 'DATE[]'],
      [postgres('timestamp with time zone[]', '_timestamptz'), 'array<timestamp>', 'TIMESTAMP[]'],
      [postgres('uuid[]', '_uuid'), 'array<string>', 'VARCHAR[]'],
      [postgres('jsonb[]', '_jsonb'), 'array<string>', 'VARCHAR[]'],
      [postgres('bytea[]', '_bytea'), 'array<binary>', 'BLOB[]'],
    ])('maps %o to %s', (column, athenaType, duckdbType) => {
      // Act
      const mapping = mapSourceType(column);

      // Assert
      expect([mapping.athenaType, mapping.duckdbType]).toEqual([athenaType, duckdbType]);
    });

    it('describes a nested array as nested Parquet lists', () => {
      // Act
      const mapping = mapSourceType(postgres('bigint[][]', '_int8'));

      // Assert
      expect(mapping.parquet).toEqual({
        physical: 'LIST',
        logical: 'LIST',
        element: {
          physical: 'LIST',
          logical: 'LIST',
          element: { physical: 'INT64', logical: 'INT(64,true)' },
        },
      });
    });

    it('parses the array text with pg_array_json on both paths, converting each element by its own mapping', () => {
      // Act
      const mapping = mapSourceType(postgres('date[][]', '_date'));

      // Assert
      const element = String.raw`CASE WHEN "c" IS NULL THEN NULL WHEN regexp_full_match("c", '\d{4}-\d{2}-\d{2}') THEN CAST("c" AS DATE) ELSE error(concat('expected a date YYYY-MM-DD in "c", got: ', CAST("c" AS VARCHAR))) END`;
      expect(mapping.fromExportSql('"c"')).toBe(
        `list_transform(CAST(CAST(pg_array_json("c", 2, '"c"') AS JSON) AS VARCHAR[][]), lambda "c": list_transform("c", lambda "c": ${element}))`,
      );
      expect(mapping.fromReplicaSql('"c"')).toBe(mapping.fromExportSql('"c"'));
    });

    it('keeps a box array, whose elements are separated by semicolons, as its PostgreSQL text', () => {
      // Act
      const mapping = mapSourceType(postgres('box[]', '_box'));

      // Assert
      expect(mapping.athenaType).toBe('string');
    });

    it('refuses an array whose element type is unknown', () => {
      // Act
      const act = () => mapSourceType(postgres('complex_thing[]', '_complex_thing'));

      // Assert
      expect(act).toThrow(/complex_thing/);
    });
  });

  describe('unknown types', () => {
    it('throws a TypeMappingError carrying engine, column type and column', () => {
      // Act
      let error: unknown;
      try {
        mapSourceType({ engine: 'mysql', column: 'v', dataType: 'vector', columnType: 'vector(3)' });
      } catch (caught) {
        error = caught;
      }

      // Assert
      expect(error).toBeInstanceOf(TypeMappingError);
      expect(error).toMatchObject({
        engine: 'mysql',
        columnType: 'vector(3)',
        column: 'v',
        name: 'TypeMappingError',
      });
      expect((error as Error).message).toMatch(
        /mysql column "v" type "vector\(3\)" is not a MySQL\/MariaDB type.*bigint/,
      );
    });

    it('refuses a PostgreSQL user-defined type that is not flagged as an enum', () => {
      // Act
      const act = () => mapSourceType(postgres('address', 'address'));

      // Assert
      expect(act).toThrow(/type "address" is not a PostgreSQL type this lake maps.*`drop` the column/);
    });

    it.each(['oid', 'regclass'])(
      'refuses %s, which the export does not write, advising to drop it',
      (type) => {
        // Act
        const act = () => mapSourceType(postgres(type));

        // Assert
        expect(act).toThrow(
          /is an object identifier, which RDS snapshot export does not write.*`drop` the column/,
        );
      },
    );

    it('refuses an empty data type', () => {
      // Act
      const act = () => mapSourceType({ engine: 'postgres', dataType: ' ' });

      // Assert
      expect(act).toThrow(/empty dataType/);
    });
  });

  describe('every documented row', () => {
    it('never writes INT96 or nanosecond timestamps, and never uses TRY_CAST', () => {
      // Act
      const offenders = TYPE_MAPPING_ROWS.filter(
        (row) =>
          row.curatedParquet.includes('INT96') ||
          row.curatedParquet.includes('NANOS') ||
          /TRY_CAST/i.test(row.fromExportSql + row.fromReplicaSql),
      );

      // Assert
      expect(offenders).toEqual([]);
    });
  });
});
