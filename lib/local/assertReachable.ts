import { connect } from 'node:net';
import { SourceUnreachableError } from '../core/errors';

/**
 * Resolves once a TCP connection to `host:port` opens (and closes it again), so an unreachable
 * source fails in a second with its address instead of deep inside a driver.
 *
 * @param timeoutMs how long to wait for the connection
 * @throws SourceUnreachableError naming host:port and the reason (refused, unknown host, timeout)
 * @example
 * ```ts
 * await assertReachable('127.0.0.1', 5432);
 * ```
 */
export function assertReachable(host: string, port: number, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new SourceUnreachableError(host, port, `no answer within ${timeoutMs} ms`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message);
      reject(new SourceUnreachableError(host, port, reason, { cause: error }));
    });
  });
}
