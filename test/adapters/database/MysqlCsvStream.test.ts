/**
 * MysqlCsvStream on the real MariaDB test server, through a plain mysql2 connection: it stops
 * reading rows while nobody reads its CSV (the connection paused), resumes when read, and leaves
 * the connection usable when destroyed mid-result.
 */
import { once } from 'node:events';
import mysql, { type Connection } from 'mysql2';
import { MysqlCsvStream } from '../../../lib/adapters/database/MysqlCsvStream';
import { mariadbQuery, mariadbUrl } from '../../helpers/databases';

const TABLE = 'reader_csv_stream_rows';
const ROWS = 20_000;
/** Each row's value: 300 bytes, a third of them quotes. */
const VALUE = 'a"b'.repeat(100);
const RECORD_BYTES = (id: number) => `"${id}","${VALUE.replaceAll('"', '""')}"\n`.length;

let connection: Connection;

beforeAll(async () => {
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
  await mariadbQuery(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, v VARCHAR(300) NOT NULL)`);
  await mariadbQuery(`INSERT INTO ${TABLE} SELECT seq, ? FROM seq_1_to_${ROWS}`, [VALUE]);
});

beforeEach(() => {
  connection = mysql.createConnection({ uri: mariadbUrl(), charset: 'utf8mb4_unicode_ci' });
});

afterEach(async () => {
  await connection.promise().end();
});

afterAll(async () => {
  await mariadbQuery(`DROP TABLE IF EXISTS ${TABLE}`);
});

/** Reads the stream to its end and returns the bytes it gave. */
async function drain(stream: MysqlCsvStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

describe('MysqlCsvStream', () => {
  it('stops reading rows while its CSV is not read, and reads the rest when it is', async () => {
    // Arrange
    const stream = new MysqlCsvStream(connection, {
      sql: `SELECT id, v FROM ${TABLE} ORDER BY id`,
      params: [],
    });

    // Act: nobody reads for half a second, then everything is read
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rowsWhileFull = stream.rows;
    const bytes = await drain(stream);

    // Assert: about its 1 MiB high-water mark and a block of 640-byte records, far from 20,000 rows
    expect(rowsWhileFull).toBeGreaterThan(0);
    expect(rowsWhileFull).toBeLessThan(4_000);
    expect(stream.rows).toBe(ROWS);
    let expected = 0;
    for (let id = 1; id <= ROWS; id += 1) expected += RECORD_BYTES(id);
    expect(bytes).toBe(expected);
  });

  it('leaves the connection usable when destroyed before the result ends', async () => {
    // Arrange
    const stream = new MysqlCsvStream(connection, {
      sql: `SELECT id, v FROM ${TABLE} ORDER BY id`,
      params: [],
    });
    await once(stream, 'readable');

    // Act
    stream.destroy();

    // Assert
    const [rows] = await connection.promise().query(`SELECT COUNT(*) AS n FROM ${TABLE}`);
    expect(rows).toEqual([{ n: ROWS }]);
  });
});
