/**
 * Connects to each replica endpoint given as JSON in argv[2] the way the replica plan and extract
 * Lambdas do (`openReplicaReader` with `tls: true`), and prints one JSON result per endpoint. Run
 * as its own process because Node reads NODE_EXTRA_CA_CERTS only when it starts: the parent sets
 * it, as the stack does for the Lambdas.
 */
import { Writable } from 'node:stream';
import { openReplicaReader, type ReplicaEndpoint } from '../../lib/adapters/database';
import type { SourceEngine } from '../../lib/core/types';

/** How one connection went: the session's TLS version and the rows a chunk stream sent, or the error. */
export type ProbeResult =
  | { readonly ok: true; readonly tlsVersion: string | null; readonly rows: number }
  | { readonly ok: false; readonly code: string | undefined; readonly message: string };

/** The session's negotiated TLS version, as the server reports it. */
const TLS_VERSION_SQL: Record<SourceEngine, string> = {
  mysql:
    "SELECT VARIABLE_VALUE AS version FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_VERSION'",
  postgres: 'SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
};

/** 1,000 rows streamed as a chunk is: MariaDB's sequence engine, PostgreSQL's generate_series. */
const CHUNK_SQL: Record<SourceEngine, string> = {
  mysql: 'SELECT seq FROM seq_1_to_1000',
  postgres: 'SELECT n FROM generate_series(1, 1000) AS n',
};

async function probe(endpoint: Omit<ReplicaEndpoint, 'tls'>): Promise<ProbeResult> {
  const reader = openReplicaReader({ ...endpoint, tls: true });
  try {
    const [row] = await reader.query({ sql: TLS_VERSION_SQL[endpoint.engine], params: [] });
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rows = await reader.copyToCsv({ sql: CHUNK_SQL[endpoint.engine], params: [] }, discard);
    return { ok: true, tlsVersion: row?.version ?? null, rows };
  } catch (error) {
    // The reader names the replica around the driver's error (ReplicaSessionError); the TLS verdict is its cause.
    const refusal = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const { code, message } = refusal as NodeJS.ErrnoException;
    return { ok: false, code, message };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const endpoints = JSON.parse(process.argv[2] ?? '[]') as Omit<ReplicaEndpoint, 'tls'>[];
  const results: ProbeResult[] = [];
  for (const endpoint of endpoints) results.push(await probe(endpoint));
  process.stdout.write(JSON.stringify(results));
}

void main();
