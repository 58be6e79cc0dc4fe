/**
 * MysqlReplicaReader.copyToCsv on the real MariaDB test server: the CSV bytes it hands the extract
 * (each value the server's text, NULL apart from the empty string, CSV syntax inside values,
 * multi-byte text cut across socket reads, zero dates, raw bytes as hex), whole records per chunk
 * to a slow consumer, a statement failing mid-stream, and a long row trickling in for longer than
 * timeouts.idleSeconds.
 */
import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { MysqlReplicaReader } from '../../../lib/adapters/database';
import { lastCsvRecordEnd } from '../../../lib/core/extract';
import { connectMariadb, mariadbQuery, testReplicaEndpoint } from '../../helpers/databases';
import { type PlainCsvValue, plainCsvRecord } from '../../helpers/plainCsvRecord';

const VALUES_TABLE = 'reader_csv_values';
const ROWS_TABLE = 'reader_csv_rows';
const ROWS = 20_000;

/** Rows of VALUES_TABLE as inserted: id, text, bytes, date, datetime(6), decimal(10,2). */
const LONG_TEXT = '한😀'.repeat(30_000);
const VALUE_ROWS: readonly (readonly PlainCsvValue[])[] = [
  ['1', '', Buffer.alloc(0), '0000-00-00', '0000-00-00 00:00:00', '0.00'],
  ['2', null, null, null, null, null],
  [
    '3',
    'say "hi", then\nleave\r\nC:\\path\\',
    Buffer.from([0x22, 0x00, 0x0a, 0x2c, 0xff]),
    '2024-02-30',
    '2024-01-00 00:00:00.5',
    '-12.5',
  ],
  ['4', '\\N', Buffer.from('NULL'), '2024-00-15', '9999-12-31 23:59:59.999999', '99999999.99'],
  ['5', LONG_TEXT, Buffer.alloc(70_000, 0x22), '1970-01-01', '1970-01-01 00:00:00.000001', '1'],
];
/** The same rows as the server prints them. */
const PRINTED_ROWS: readonly (readonly PlainCsvValue[])[] = VALUE_ROWS.map((row) =>
  row.map((value, index) => {
    if (value === null || typeof value !== 'string') return value;
    if (index === 4) return value.includes('.') ? value.padEnd(26, '0') : `${value}.000000`;
    if (index === 5) return Number(value).toFixed(2);
    return value;
  }),
);

/** Rows of ROWS_TABLE: id and up to 400 characters with quotes, commas, newlines and multi-byte text. */
function manyRows(): [number, string | null][] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const alphabet = ['a', 'b', '"', ',', '\n', '\\', ' ', '한', '😀', 'é'];
  return Array.from({ length: ROWS }, (_, index) => {
    if (random() < 0.05) return [index + 1, null];
    const length = Math.floor(random() * 400);
    const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    return [index + 1, text];
  });
}
const MANY_ROWS = manyRows();

/** A target collecting what it is given, each write after `delayMs` (a slow consumer). */
function collector(delayMs = 0): Writable & { chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const target = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setTimeout(done, delayMs);
    },
  });
  return Object.assign(target, { chunks });
}

/**
 * A TCP proxy in front of the MariaDB server that passes its replies on at `bytesPerTick` every
 * `tickMs` (a slow network): a long row takes seconds to arrive while bytes keep coming.
 */
async function startThrottledProxy(
  bytesPerTick: number,
  tickMs: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  const target = testReplicaEndpoint('mysql');
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.host, port: target.port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    upstream.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
    });
    const timer = setInterval(() => {
      if (pending.length === 0) return;
      client.write(pending.subarray(0, bytesPerTick));
      pending = pending.subarray(bytesPerTick);
    }, tickMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let reader: MysqlReplicaReader;

beforeAll(async () => {
  const connection = await connectMariadb();
  try {
    await connection.query("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
    await connection.query(`DROP TABLE IF EXISTS ${VALUES_TABLE}, ${ROWS_TABLE}`);
    await connection.query(
      `CREATE TABLE ${VALUES_TABLE} (id INT PRIMARY KEY, t MEDIUMTEXT NULL, b MEDIUMBLOB NULL, d DATE NULL,
        dt DATETIME(6) NULL, n DECIMAL(10,2) NULL) DEFAULT CHARSET utf8mb4`,
    );
    for (const row of VALUE_ROWS)
      await connection.query(`INSERT INTO ${VALUES_TABLE} VALUES (?, ?, ?, ?, ?, ?)`, [...row]);
    await connection.query(
      `CREATE TABLE ${ROWS_TABLE} (id INT PRIMARY KEY, v VARCHAR(400) NULL) DEFAULT CHARSET utf8mb4`,
    );
    for (let start = 0; start < ROWS; start += 1_000) {
      await connection.query(`INSERT INTO ${ROWS_TABLE} VALUES ?`, [MANY_ROWS.slice(start, start + 1_000)]);
    }
  } finally {
    await connection.end();
  }
  reader = new MysqlReplicaReader({ ...testReplicaEndpoint('mysql'), poolSize: 1 });
});

afterAll(async () => {
  await reader.close();
  await mariadbQuery(`DROP TABLE IF EXISTS ${VALUES_TABLE}, ${ROWS_TABLE}`);
});

describe('MysqlReplicaReader.copyToCsv', () => {
  it("writes each value as the server's text: NULL apart from '', CSV syntax quoted, multi-byte text, zero dates, bytes as hex", async () => {
    // Arrange
    const target = collector();

    // Act
    const rows = await reader.copyToCsv(
      { sql: `SELECT id, t, b, d, dt, n FROM ${VALUES_TABLE} ORDER BY id`, params: [], hexColumns: [2] },
      target,
    );

    // Assert
    expect(rows).toBe(VALUE_ROWS.length);
    const expected = Buffer.concat(PRINTED_ROWS.map((row) => plainCsvRecord(row, [2])));
    expect(Buffer.concat(target.chunks).equals(expected)).toBe(true);
  });

  it('hands a slow consumer every row, in order, each chunk whole records', async () => {
    // Arrange
    const target = collector(2);

    // Act
    const rows = await reader.copyToCsv(
      { sql: `SELECT id, v FROM ${ROWS_TABLE} ORDER BY id`, params: [] },
      target,
    );

    // Assert
    expect(rows).toBe(ROWS);
    const expected = Buffer.concat(MANY_ROWS.map(([id, text]) => plainCsvRecord([String(id), text])));
    expect(Buffer.concat(target.chunks).equals(expected)).toBe(true);
    expect(target.chunks.length).toBeGreaterThan(10);
    for (const chunk of target.chunks)
      expect(lastCsvRecordEnd(chunk, { inQuotes: false })).toBe(chunk.length);
  });

  it("fails with the server's error when the statement fails mid-stream, and the reader goes on", async () => {
    // Arrange: a subquery that returns two rows only for the 15,000th row
    const sql = `SELECT id, IF(id = 15000, (SELECT 1 UNION ALL SELECT 2), v) FROM ${ROWS_TABLE} ORDER BY id`;

    const target = collector();

    // Act
    const failure = reader.copyToCsv({ sql, params: [] }, target);

    // Assert: after rows were handed on
    await expect(failure).rejects.toThrow('Subquery returns more than 1 row');
    expect(target.chunks.length).toBeGreaterThan(0);
    await expect(
      reader.query({ sql: `SELECT COUNT(*) AS n FROM ${ROWS_TABLE}`, params: [] }),
    ).resolves.toEqual([{ n: String(ROWS) }]);
  });

  it('takes bytes of a row still arriving as progress: a 2 MiB row trickling in for 2 s passes timeouts.idleSeconds = 1', async () => {
    // Arrange: 64 KiB every 60 ms, about 1 MiB/s
    const proxy = await startThrottledProxy(64 * 1024, 60);
    const slow = new MysqlReplicaReader({
      ...testReplicaEndpoint('mysql'),
      port: proxy.port,
      timeouts: { connectSeconds: 5, statementSeconds: 60, idleSeconds: 1 },
    });
    const target = collector();

    // Act
    const started = Date.now();
    const rows = await slow
      .copyToCsv({ sql: "SELECT REPEAT('x', 2 * 1024 * 1024) AS v", params: [] }, target)
      .finally(async () => {
        await slow.close();
        await proxy.stop();
      });

    // Assert
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(rows).toBe(1);
    expect(Buffer.concat(target.chunks).equals(plainCsvRecord(['x'.repeat(2 * 1024 * 1024)]))).toBe(true);
  }, 30_000);
});
