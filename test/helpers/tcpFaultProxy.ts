import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';

/**
 * What the proxy does to the server's replies on each connection:
 * - `silent`: accepts TCP and never answers (nothing reaches the server);
 * - `cut`: forwards until the server has sent `afterBytes` in all on the connection, then closes
 *   both sides at once (a server or network that drops the session mid-statement);
 * - `stall`: forwards until `afterBytes`, then keeps both sockets open and forwards nothing more
 *   (a server that goes silent mid-statement without closing its socket).
 */
export type TcpFault =
  | { readonly kind: 'silent' }
  | { readonly kind: 'cut'; readonly afterBytes: number }
  | { readonly kind: 'stall'; readonly afterBytes: number };

/** A running proxy on 127.0.0.1 in front of a database server. */
export interface TcpFaultProxy {
  readonly host: string;
  readonly port: number;
  /** Connections the fault was applied to (cut or stalled) so far. */
  readonly faulted: () => number;
  /** Closes the listener and every connection it holds. */
  stop(): Promise<void>;
}

/**
 * A TCP proxy that forwards to `target` and injects `fault` on every connection, so the readers'
 * handling of dead and silent servers is tested against the real drivers and servers. Faults
 * apply only to bytes from the server: the login and the query reach it untouched.
 *
 * @example
 * ```ts
 * const proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: 5433 }, { kind: 'cut', afterBytes: 1_000_000 });
 * ```
 */
export async function startTcpFaultProxy(
  target: { readonly host: string; readonly port: number },
  fault: TcpFault,
): Promise<TcpFaultProxy> {
  const sockets = new Set<Socket>();
  let faulted = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A side closed by the fault may still report ECONNRESET; the test looks at the reader, not here.
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    track(client);
    if (fault.kind === 'silent') return;
    const upstream = createConnection(target);
    track(upstream);
    client.pipe(upstream);
    let sent = 0;
    let stopped = false;
    upstream.on('data', (data: Buffer) => {
      if (stopped) return;
      if (sent + data.length <= fault.afterBytes) {
        sent += data.length;
        client.write(data);
        return;
      }
      stopped = true;
      faulted += 1;
      client.write(data.subarray(0, fault.afterBytes - sent));
      if (fault.kind === 'cut') {
        client.destroy();
        upstream.destroy();
      }
    });
    // A stalled connection stays open and silent, whatever the server does next.
    upstream.on('end', () => {
      if (!stopped) client.end();
    });
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    faulted: () => faulted,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
