import { TablePlanError, TypeMappingError } from '../../../lib/core/errors';
import { buildTransformSql } from '../../../lib/core/transform';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const RELATION = "read_parquet('/tmp/in.parquet')";
const EXPORT = { relation: RELATION, path: 'export' } as const;

const id = plannedColumn(
  'id',
  { dataType: 'bigint', columnType: 'bigint(20) unsigned' },
  { athenaType: 'decimal(20,0)', duckdbType: 'DECIMAL(20,0)' },
);
const createdAt = plannedColumn(
  'created_at',
  { dataType: 'datetime', columnType: 'datetime(6)' },
  { athenaType: 'timestamp', duckdbType: 'TIMESTAMP' },
);
const country = plannedColumn(
  'country',
  { dataType: 'char', columnType: 'char(2)' },
  { athenaType: 'string', duckdbType: 'VARCHAR' },
);
const price = (
  rule: Parameters<typeof plannedColumn>[3],
  curated = { athenaType: 'decimal(12,2)', duckdbType: 'DECIMAL(12,2)' },
) => plannedColumn('price', { dataType: 'decimal', columnType: 'decimal(10,4)' }, curated, rule);

describe('buildTransformSql', () => {
  it('selects each mapped column under its output name from the relation', () => {
    // Arrange
    const plan = tablePlan([id, createdAt]);

    // Act
    const { sql, partitionKeys } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toBe(
      `SELECT "c0" AS "id", "c1" AS "created_at" FROM (SELECT CAST("id" AS DECIMAL(20,0)) AS "c0", make_timestamp(epoch_us("created_at")) AS "c1" FROM ${RELATION}) AS curated`,
    );
    expect(partitionKeys).toEqual([]);
  });

  it("uses the mapping's replica SQL for the replica path", () => {
    // Arrange
    const plan = tablePlan([createdAt]);

    // Act
    const { sql } = buildTransformSql(plan, { relation: RELATION, path: 'replica' });

    // Assert: the replica lands timestamps as checked text, not TIMESTAMP_MICROS
    expect(sql).toContain(`WHEN regexp_full_match("created_at", `);
    expect(sql).toContain('THEN CAST("created_at" AS TIMESTAMP)');
    expect(sql).not.toContain('epoch_us');
  });

  it('renames a column: reads the source name, writes the output name', () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn(
        'email',
        { dataType: 'varchar' },
        { athenaType: 'string', duckdbType: 'VARCHAR' },
        { output: 'contact' },
      ),
    ]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toBe(
      `SELECT "c0" AS "contact" FROM (SELECT CAST("email" AS VARCHAR) AS "c0" FROM ${RELATION}) AS curated`,
    );
  });

  it('swaps two names through positional inner aliases', () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn('a', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }, { output: 'b' }),
      plannedColumn('b', { dataType: 'int' }, { athenaType: 'int', duckdbType: 'INTEGER' }, { output: 'a' }),
    ]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toBe(
      `SELECT "c0" AS "b", "c1" AS "a" FROM (SELECT CAST("a" AS INTEGER) AS "c0", CAST("b" AS INTEGER) AS "c1" FROM ${RELATION}) AS curated`,
    );
  });

  it('casts with CAST (never TRY_CAST) after the mapping', () => {
    // Arrange
    const plan = tablePlan([price({ cast: 'decimal(12,2)' })]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toContain('CAST(CAST("price" AS DECIMAL(10,4)) AS DECIMAL(12,2)) AS "c0"');
    expect(sql).not.toMatch(/TRY_CAST/i);
  });

  it('masks after the cast: the hash reads the cast value', () => {
    // Arrange
    const plan = tablePlan([
      price(
        { cast: 'decimal(12,2)', mask: { kind: 'hash' } },
        { athenaType: 'string', duckdbType: 'VARCHAR' },
      ),
    ]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toContain(
      `|| encode(CAST(CAST(CAST("price" AS DECIMAL(10,4)) AS DECIMAL(12,2)) AS VARCHAR))))) AS "c0"`,
    );
    expect(sql).toMatch(
      /^SELECT "c0" AS "price" FROM \(SELECT sha256\(coalesce\(CAST\(getvariable\('mask_key_outer_pad'\) AS BLOB\)/,
    );
  });

  it('truncates and redacts after the cast', () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn(
        'name',
        { dataType: 'varchar' },
        { athenaType: 'string', duckdbType: 'VARCHAR' },
        { mask: { kind: 'truncate', length: 2 } },
      ),
      plannedColumn(
        'phone',
        { dataType: 'varchar' },
        { athenaType: 'string', duckdbType: 'VARCHAR' },
        { mask: { kind: 'redact', token: '***' } },
      ),
      price({ cast: 'decimal(12,2)', mask: { kind: 'redact' } }),
    ]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toContain(
      `SELECT left(CAST(CAST("name" AS VARCHAR) AS VARCHAR), 2) AS "c0", CAST('***' AS VARCHAR) AS "c1", CAST(NULL AS DECIMAL(12,2)) AS "c2" FROM`,
    );
  });

  it('quotes a hostile column name everywhere, so it stays one identifier', () => {
    // Arrange
    const hostile = 'a"b; DROP TABLE x; --';
    const plan = tablePlan([
      plannedColumn(
        hostile,
        { dataType: 'varchar' },
        { athenaType: 'string', duckdbType: 'VARCHAR' },
        { output: `${hostile}2` },
      ),
    ]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toBe(
      `SELECT "c0" AS "a""b; DROP TABLE x; --2" FROM (SELECT CAST("a""b; DROP TABLE x; --" AS VARCHAR) AS "c0" FROM ${RELATION}) AS curated`,
    );
  });

  it('escapes a redact token as a literal', () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn(
        'phone',
        { dataType: 'varchar' },
        { athenaType: 'string', duckdbType: 'VARCHAR' },
        { mask: { kind: 'redact', token: "x'); DROP TABLE y; --" } },
      ),
    ]);

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toContain(`CAST('x''); DROP TABLE y; --' AS VARCHAR) AS "c0"`);
  });

  it('adds year, month and day keys as text of the curated value, outermost first', () => {
    // Arrange
    const plan = tablePlan([id, createdAt], {
      partitionKeys: [
        { name: 'created_at_year', column: 'created_at', granularity: 'year' },
        { name: 'created_at_month', column: 'created_at', granularity: 'month' },
        { name: 'created_at_day', column: 'created_at', granularity: 'day' },
      ],
    });

    // Act
    const { sql, partitionKeys } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(partitionKeys).toEqual(['created_at_year', 'created_at_month', 'created_at_day']);
    expect(sql).toMatch(
      /^SELECT "c0" AS "id", "c1" AS "created_at", strftime\("c1", '%Y'\) AS "created_at_year", strftime\("c1", '%Y-%m'\) AS "created_at_month", strftime\("c1", '%Y-%m-%d'\) AS "created_at_day" FROM \(/,
    );
  });

  it('moves a column partitioned by its own value out of the data columns, as text', () => {
    // Arrange
    const plan = tablePlan([id, country, createdAt], {
      partitionKeys: [{ name: 'country', column: 'country', granularity: 'value' }],
    });

    // Act
    const { sql, partitionKeys } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(partitionKeys).toEqual(['country']);
    expect(sql).toMatch(
      /^SELECT "c0" AS "id", "c2" AS "created_at", CAST\("c1" AS VARCHAR\) AS "country" FROM \(SELECT CAST\("id" AS DECIMAL\(20,0\)\) AS "c0", decode\("country"\) AS "c1", /,
    );
  });

  it('partitions by the masked value, never the raw one', () => {
    // Arrange
    const masked = plannedColumn(
      'email',
      { dataType: 'varchar' },
      { athenaType: 'string', duckdbType: 'VARCHAR' },
      { mask: { kind: 'hash' } },
    );
    const plan = tablePlan([masked], {
      partitionKeys: [{ name: 'email', column: 'email', granularity: 'value' }],
    });

    // Act
    const { sql } = buildTransformSql(plan, EXPORT);

    // Assert
    expect(sql).toMatch(/^SELECT CAST\("c0" AS VARCHAR\) AS "email" FROM \(SELECT sha256\(/);
  });

  it('accepts the plan type in any case and spacing', () => {
    // Arrange
    const plan = tablePlan([{ ...id, duckdbType: 'decimal(20, 0)' }]);

    // Act
    const act = () => buildTransformSql(plan, EXPORT);

    // Assert
    expect(act).not.toThrow();
  });

  describe('refuses a plan that contradicts itself', () => {
    it('when a column type differs from what mapping, cast and mask give', () => {
      // Arrange: a hashed column is text, not the decimal the plan claims
      const plan = tablePlan([price({ mask: { kind: 'hash' } })]);

      // Act
      const act = () => buildTransformSql(plan, EXPORT);

      // Assert
      expect(act).toThrow(TablePlanError);
      expect(act).toThrow(
        'Table marketplace.items, column price: the plan says duckdbType DECIMAL(12,2), but the mapping of decimal(10,4), cast (none) and mask hash give VARCHAR',
      );
    });

    it('when two columns have one output name', () => {
      // Arrange
      const plan = tablePlan([id, { ...createdAt, output: 'id', duckdbType: 'TIMESTAMP' }]);

      // Act
      const act = () => buildTransformSql(plan, EXPORT);

      // Assert
      expect(act).toThrow('column id: is the output name of two curated columns');
    });

    it('when a partition key reads a column the plan does not output', () => {
      // Arrange
      const plan = tablePlan([id], {
        partitionKeys: [{ name: 'created_at_month', column: 'created_at', granularity: 'month' }],
      });

      // Act
      const act = () => buildTransformSql(plan, EXPORT);

      // Assert
      expect(act).toThrow(
        'column created_at: is read by partition key "created_at_month" but is not a curated column of the plan',
      );
    });

    it('when a time granularity reads a column that is not a date or timestamp', () => {
      // Arrange
      const plan = tablePlan([country], {
        partitionKeys: [{ name: 'country_year', column: 'country', granularity: 'year' }],
      });

      // Act
      const act = () => buildTransformSql(plan, EXPORT);

      // Assert
      expect(act).toThrow(
        'column country: is VARCHAR; partition granularity year needs a DATE or TIMESTAMP column',
      );
    });

    it('when a partition key has the name of another data column', () => {
      // Arrange
      const plan = tablePlan([createdAt, { ...country, output: 'created_at_month' }], {
        partitionKeys: [{ name: 'created_at_month', column: 'created_at', granularity: 'month' }],
      });

      // Act
      const act = () => buildTransformSql(plan, EXPORT);

      // Assert
      expect(act).toThrow(
        'column created_at_month: is also the name of partition key "created_at_month" on "created_at"',
      );
    });

    it('when two partition keys share a name', () => {
      // Arrange
      const plan = tablePlan([createdAt], {
        partitionKeys: [
          { name: 'k', column: 'created_at', granularity: 'month' },
          { name: 'k', column: 'created_at', granularity: 'day' },
        ],
      });

      // Act
      const act = () => buildTransformSql(plan, EXPORT);

      // Assert
      expect(act).toThrow('has a partition key name twice');
    });
  });

  it('raises the mapping error for an unknown source type', () => {
    // Arrange
    const plan = tablePlan([
      plannedColumn('shape', { dataType: 'hyperloglog' }, { athenaType: 'binary', duckdbType: 'BLOB' }),
    ]);

    // Act
    const act = () => buildTransformSql(plan, EXPORT);

    // Assert
    expect(act).toThrow(TypeMappingError);
    expect(act).toThrow(/column "shape" type "hyperloglog"/);
  });
});
