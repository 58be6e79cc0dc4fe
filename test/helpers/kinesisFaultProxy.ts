import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault to inject into one PutRecords call:
 * - `fail-entries`: the entries `fail(index)` picks are not forwarded and come back with
 *   `ErrorCode: ProvisionedThroughputExceededException` (a real partial failure: those records
 *   are not written; the others are);
 * - `throttle`: the whole call is answered 400 `ProvisionedThroughputExceededException`, nothing written;
 * - `server-error`: the whole call is answered 500 `InternalFailure`, nothing written.
 */
export type PutRecordsFault =
  | { readonly kind: 'fail-entries'; readonly fail: (index: number) => boolean }
  | { readonly kind: 'throttle' }
  | { readonly kind: 'server-error' };

/** Chooses the fault of PutRecords call number `call` (0 for the first) of `records` entries. */
export type FaultPlan = (call: number, records: number) => PutRecordsFault | undefined;

/** What the proxy did, for a test's assertions. */
export interface InjectedFaults {
  /** PutRecords calls seen. */
  putRecordsCalls: number;
  /** Entries answered with a per-entry error. */
  failedEntries: number;
  /** Calls answered with a whole-call error, and the entries they held. */
  failedCalls: number;
  failedCallEntries: number;
}

/** A running fault proxy in front of a Kinesis endpoint. */
export interface KinesisFaultProxy {
  /** Point the KinesisClient here instead of at the emulator. */
  readonly endpoint: string;
  readonly injected: InjectedFaults;
  stop(): Promise<void>;
}

interface PutRecordsBody {
  Records: unknown[];
}

interface PutRecordsResult {
  FailedRecordCount?: number;
  Records: Record<string, unknown>[];
}

const JSON_TYPE = 'application/x-amz-json-1.1';

function forward(
  target: URL,
  method: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((done, fail) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: '/',
        method,
        headers: { ...headers, host: target.host, 'content-length': String(body.length) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          done({
            status: response.statusCode ?? 502,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', fail);
      },
    );
    upstream.on('error', fail);
    upstream.end(body);
  });
}

/**
 * Starts an HTTP proxy on a free loopback port that forwards every Kinesis call to `target`
 * and, for the PutRecords calls `plan` picks, injects a partial failure or a whole-call error.
 * Other calls (CreateStream, GetRecords…) pass through untouched. Close clients using it
 * before `stop()`.
 */
export async function startKinesisFaultProxy(target: string, plan: FaultPlan): Promise<KinesisFaultProxy> {
  const upstream = new URL(target);
  const injected: InjectedFaults = {
    putRecordsCalls: 0,
    failedEntries: 0,
    failedCalls: 0,
    failedCallEntries: 0,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const reply = (status: number, payload: unknown): void => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const passThrough = (sent: Buffer) => forward(upstream, req.method ?? 'POST', req.headers, sent);
      const handle = async (): Promise<void> => {
        if (!String(req.headers['x-amz-target']).endsWith('.PutRecords')) {
          const answer = await passThrough(body);
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          return;
        }
        const input = JSON.parse(body.toString('utf8')) as PutRecordsBody;
        const fault = plan(injected.putRecordsCalls, input.Records.length);
        injected.putRecordsCalls += 1;
        if (fault?.kind === 'throttle' || fault?.kind === 'server-error') {
          injected.failedCalls += 1;
          injected.failedCallEntries += input.Records.length;
          if (fault.kind === 'throttle') {
            reply(400, {
              __type: 'ProvisionedThroughputExceededException',
              message: 'Rate exceeded (injected)',
            });
          } else {
            reply(500, { __type: 'InternalFailure', message: 'Internal failure (injected)' });
          }
          return;
        }
        const failing = input.Records.map((_, index) => fault?.kind === 'fail-entries' && fault.fail(index));
        const kept = input.Records.filter((_, index) => !failing[index]);
        let written: PutRecordsResult = { FailedRecordCount: 0, Records: [] };
        if (kept.length > 0) {
          const answer = await passThrough(Buffer.from(JSON.stringify({ ...input, Records: kept })));
          if (answer.status !== 200) {
            res.writeHead(answer.status, answer.headers);
            res.end(answer.body);
            return;
          }
          written = JSON.parse(answer.body.toString('utf8')) as PutRecordsResult;
        }
        const results = written.Records.values();
        const merged = failing.map((fails) =>
          fails
            ? {
                ErrorCode: 'ProvisionedThroughputExceededException',
                ErrorMessage: 'Rate exceeded for shard (injected)',
              }
            : (results.next().value ?? {}),
        );
        const failedHere = failing.filter(Boolean).length;
        injected.failedEntries += failedHere;
        reply(200, {
          ...written,
          FailedRecordCount: (written.FailedRecordCount ?? 0) + failedHere,
          Records: merged,
        });
      };
      handle().catch((error: unknown) => reply(502, { __type: 'ProxyError', message: String(error) }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    stop: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
