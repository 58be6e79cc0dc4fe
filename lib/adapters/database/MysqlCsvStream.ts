import { Readable } from 'node:stream';
import type { Connection, FieldPacket, Query } from 'mysql2';
import { DataLakeError } from '../../core/errors';
import type { SourceQuery } from '../../core/extract';
import type { HmacSha256Batch } from '../../hmac';
import { MysqlRowCsvWriter } from './MysqlRowCsvWriter';

/** CSV bytes handed on per chunk: large enough to amortize the write, small enough to stay bounded. */
const CSV_BLOCK_BYTES = 1 << 18;
/** Bytes the stream holds before it pauses the connection: a few blocks, so the socket keeps flowing. */
const HIGH_WATER_MARK = 4 * CSV_BLOCK_BYTES;

/** The parts of a mysql2 result row packet (mysql2/lib/packets/packet.js) this reads. */
interface RowPacket {
  /** The bytes holding the packet (often a whole socket read, shared by the packets in it). */
  readonly buffer: Buffer;
  /** Where the payload starts, after the 4-byte header. */
  readonly offset: number;
  /** Where the packet ends. */
  readonly end: number;
  isEOF(): boolean;
}

/** A state of mysql2's command state machine: handles one packet and returns the next state. */
type CommandState = (this: Query, packet: RowPacket, connection: Connection) => CommandState | null;

/** mysql2's own row state (`Query.prototype.row`), which ends the result at its EOF packet. */
function mysql2RowState(command: Query): CommandState {
  const state: unknown = Reflect.get(Object.getPrototypeOf(command) as object, 'row');
  if (typeof state !== 'function') {
    throw new DataLakeError(
      "mysql2's Query has no 'row' state: the MySQL replica reader needs mysql2 3.x's text protocol command",
    );
  }
  return state as CommandState;
}

/**
 * The rows of a SELECT on a mysql2 connection as a byte stream of CSV (see
 * {@link MysqlRowCsvWriter}), in chunks of whole records, counting them in `rows`. It replaces, for
 * this one query, the `row` state of mysql2's Query command (which builds a JS row per packet and
 * emits it) with one that writes the packet's bytes straight into the CSV: no JS value, Buffer
 * slice or event per row or field. The result's header, column definitions, errors and end stay
 * mysql2's. When the consumer is full the connection is paused (mysql2 queues the packets it had
 * already read), and resumed when it reads again.
 *
 * @example
 * ```ts
 * const rows = new MysqlCsvStream(connection, { sql: 'SELECT id, name FROM items', params: [] });
 * await pipeline(rows, target);
 * rows.rows; // records written
 * ```
 */
export class MysqlCsvStream extends Readable {
  /** The records written so far. */
  public rows = 0;
  private block = Buffer.allocUnsafe(CSV_BLOCK_BYTES);
  private used = 0;
  private writer: MysqlRowCsvWriter | undefined;

  /**
   * @param hmac hashes the query's `hmacColumns` (see `queryHmacBatch`). @default - none
   */
  public constructor(
    private readonly connection: Connection,
    query: SourceQuery,
    hmac?: HmacSha256Batch,
  ) {
    super({ highWaterMark: HIGH_WATER_MARK });
    // rowsAsArray and no type cast keep the JS row parser mysql2 still builds once per result trivial.
    const command = connection.query({
      sql: query.sql,
      values: [...query.params],
      rowsAsArray: true,
      typeCast: false,
    });
    const endResult = mysql2RowState(command);
    const row: CommandState = (packet, session) => {
      if (packet.isEOF()) return endResult.call(command, packet, session);
      if (this.destroyed) return row;
      try {
        this.writeRow(packet);
      } catch (error) {
        // Thrown here it would reach mysql2's socket handler and crash the process.
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      }
      return row;
    };
    Reflect.set(command, 'row', row);
    // The listeners stay for the command's life: its 'error' after a destroy must still be heard.
    command.on('fields', (fields: FieldPacket[]) => {
      const hashed = hmac === undefined ? undefined : { columns: query.hmacColumns ?? [], batch: hmac };
      try {
        this.writer = new MysqlRowCsvWriter(fields.length, query.hexColumns ?? [], hashed);
      } catch (error) {
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
    // mysql2 emits 'result' only from its own row state: one here means a mysql2 version whose
    // command no longer enters `this.row`, which would silently drop every row.
    command.on('result', () =>
      this.destroy(
        new DataLakeError("mysql2 read a row without the CSV row state: its Query no longer calls 'row'"),
      ),
    );
    command.on('error', (error: Error) => this.destroy(error));
    command.on('end', () => {
      if (this.destroyed) return;
      try {
        this.pushBlock();
      } catch (error) {
        // The last block's hashes can fail (a value not UTF-8); thrown here it would crash the process.
        this.destroy(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.push(null);
    });
  }

  public override _read(): void {
    this.connection.resume();
  }

  public override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // The rows still coming are dropped (see the row state), so the command can end.
    this.connection.resume();
    done(error);
  }

  private writeRow(packet: RowPacket): void {
    const writer = this.writer;
    if (writer === undefined) throw new DataLakeError('A MySQL row arrived before its column definitions');
    const needed = writer.maxBytes(packet.end - packet.offset);
    if (this.used + needed > this.block.length) {
      this.pushBlock();
      if (needed > this.block.length) this.block = Buffer.allocUnsafe(needed);
    }
    this.used = writer.write(packet.buffer, packet.offset, packet.end, this.block, this.used);
    this.rows += 1;
  }

  /** Hands on the records written so far, pausing the connection when the consumer is full. */
  private pushBlock(): void {
    if (this.used === 0) return;
    this.writer?.finish(this.block);
    const full = !this.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(CSV_BLOCK_BYTES);
    this.used = 0;
    if (full) this.connection.pause();
  }
}
