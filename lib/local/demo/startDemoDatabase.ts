import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { seedDemoMarketplace } from './seedDemoMarketplace';

/** The running demo database. */
export interface DemoDatabase {
  /** Its `postgres://` URL on 127.0.0.1 and a free port: the demo config's source. */
  readonly url: string;
  /** Stops the server and the embedded database. */
  close(): Promise<void>;
}

/**
 * Starts the demo marketplace: an embedded PostgreSQL (PGlite, in memory) seeded with
 * {@link seedDemoMarketplace}, served over the PostgreSQL wire protocol (pglite-socket) on
 * 127.0.0.1, so local mode reads it through the same driver and simulated export as a real
 * server.
 *
 * @example
 * ```ts
 * const demo = await startDemoDatabase();
 * try { await simulateExport({ engine: 'postgres', connection: demo.url, … }); } finally { await demo.close(); }
 * ```
 */
export async function startDemoDatabase(): Promise<DemoDatabase> {
  const db = await PGlite.create();
  await seedDemoMarketplace(db);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
