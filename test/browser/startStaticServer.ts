import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A static HTTP server on 127.0.0.1 serving what the test registered. */
export interface StaticServer {
  /** The port it listens on (the same for every host name that resolves to 127.0.0.1). */
  readonly port: number;
  /** Serves `body` at `path` (e.g. `/pages/send.html`) from now on, replacing what was there. */
  serve(path: string, body: string, contentType: string): void;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

/**
 * Starts a static HTTP server (node:http) on a free loopback port. It answers `GET <path>` with
 * what {@link StaticServer.serve} registered (`/favicon.ico` with 204 No Content), 404
 * otherwise, with `Cache-Control: no-store` so a
 * reload fetches the page again.
 *
 * @example
 * ```ts
 * const server = await startStaticServer();
 * server.serve('/index.html', '<!doctype html><p>hi</p>', 'text/html; charset=utf-8');
 * // http://127.0.0.1:${server.port}/index.html
 * await server.stop();
 * ```
 */
export async function startStaticServer(): Promise<StaticServer> {
  const files = new Map<string, { body: string; contentType: string }>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = files.get(path);
    if (path === '/favicon.ico' && !file) {
      // Every page asks for one; a 404 would show up as a console error in each test.
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'GET' || !file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${request.method} ${path}`);
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return {
    port: (server.address() as AddressInfo).port,
    serve: (path, body, contentType) => {
      files.set(path, { body, contentType });
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
