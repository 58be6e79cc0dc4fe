/**
 * The extract bench's table, apart from the measuring code (`measureExtract.ts`) so the integ
 * check's seed can write it without bundling the extract path.
 */
import type { SourceEngine } from '../../lib/core/types';

/** The bench table's name, in the engine's default schema. */
export const EXTRACT_BENCH_TABLE = 'bench_extract_items';

/** The fewest rows the bench reads: it reads them as one chunk, and a table's `chunkSize` is at least 1,000. */
export const EXTRACT_BENCH_MIN_ROWS = 1000;

/**
 * The statements that (re)create the bench table with `rows` rows generated server-side: 8
 * columns (ids, decimals, timestamps with microseconds, Korean text with an emoji), one of them
 * hashed by the bench's config. MariaDB's sequence engine and PostgreSQL's `generate_series` write
 * them in one statement.
 *
 * @example
 * ```ts
 * for (const sql of extractBenchTableSql('postgres', EXTRACT_BENCH_TABLE, 1_000_000)) await client.query(sql);
 * ```
 */
export function extractBenchTableSql(engine: SourceEngine, table: string, rows: number): string[] {
  if (engine === 'mysql') {
    return [
      `DROP TABLE IF EXISTS ${table}`,
      `CREATE TABLE ${table} (
    id BIGINT NOT NULL PRIMARY KEY, seller_id INT NOT NULL, price DECIMAL(12,2) NOT NULL,
    fee_rate DECIMAL(5,4) NULL, title VARCHAR(200) NOT NULL, status VARCHAR(20) NOT NULL,
    created_at DATETIME(6) NOT NULL, updated_at TIMESTAMP(6) NULL) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4`,
      `INSERT INTO ${table} SELECT seq, seq % 100000, (seq * 37 % 100000000) / 100, (seq % 10000) / 10000,
    CONCAT('중고 상품 ', seq, ' 팝니다 😀 거의 새것'), ELT(1 + seq % 4, 'new', 'reserved', 'sold', 'hidden'),
    TIMESTAMP('2020-01-01') + INTERVAL seq SECOND + INTERVAL seq % 1000000 MICROSECOND,
    TIMESTAMP('2021-01-01') + INTERVAL seq * 2 SECOND + INTERVAL seq % 999999 MICROSECOND
    FROM seq_1_to_${rows}`,
    ];
  }
  return [
    `DROP TABLE IF EXISTS ${table}`,
    `CREATE TABLE ${table} (
    id bigint PRIMARY KEY, seller_id integer NOT NULL, price numeric(12,2) NOT NULL, fee_rate numeric(5,4),
    title text NOT NULL, status varchar(20) NOT NULL, created_at timestamp(6) NOT NULL, updated_at timestamptz)`,
    `INSERT INTO ${table} SELECT n, n % 100000, (n * 37 % 100000000) / 100.0, (n % 10000) / 10000.0,
    '중고 상품 ' || n || ' 팝니다 😀 거의 새것', (ARRAY['new', 'reserved', 'sold', 'hidden'])[1 + n % 4],
    timestamp '2020-01-01' + n * interval '1 second' + (n % 1000000) * interval '1 microsecond',
    timestamptz '2021-01-01 00:00:00+09' + n * interval '2 seconds' + (n % 999999) * interval '1 microsecond'
    FROM generate_series(1, ${rows}) AS n`,
    `ANALYZE ${table}`,
  ];
}
