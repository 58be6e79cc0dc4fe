import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startNodeServer } from '../../lib/local/startNodeServer';

/** A running fauxqs S3 emulator and a client pointed at it. */
export interface Fauxqs {
  readonly endpoint: string;
  readonly s3: S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * fauxqs is ESM-only (its package exports only an `import` condition), which jest's CommonJS
 * runtime cannot load, so it runs in a child Node process on a free loopback port.
 *
 * fauxqs 1.9.2 ignores `If-Match` / `If-None-Match` on PutObject and overwrites. S3 honours them
 * (S3 User Guide, "How to prevent object overwrites with conditional writes"; Amazon S3 API
 * Reference, "PutObject": `If-None-Match: *` fails with 412 Precondition Failed when the key
 * exists, `If-Match: <etag>` with 412 when the ETag differs), so a hook checks them against
 * fauxqs's own store before its PutObject handler runs. Hook and handler run in one turn of the
 * event loop, so check and write are atomic, as S3's are. The store classes are not in the
 * package's exports: they are imported by file URL from beside its entry point.
 */
const SERVER = `
import { buildApp } from 'fauxqs';
const internal = (path) => import(new URL(path, import.meta.resolve('fauxqs')).href);
const [{ SqsStore }, { SnsStore }, { S3Store }] = await Promise.all(
  ['./sqs/sqsStore.js', './sns/snsStore.js', './s3/s3Store.js'].map(internal),
);
const s3Store = new S3Store();
const app = buildApp({ logger: false, stores: { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store } });
const preconditionFailed = (reply) =>
  reply.status(412).header('content-type', 'application/xml').send(
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
      '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
  );
app.addHook('preHandler', (request, reply, done) => {
  const key = request.params?.['*'];
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  if (request.method !== 'PUT' || !key || (ifMatch === undefined && ifNoneMatch === undefined)) return done();
  let etag;
  try {
    etag = s3Store.getObject(request.params.bucket, key).etag;
  } catch {
    etag = undefined;
  }
  if (ifNoneMatch === '*' && etag !== undefined) return preconditionFailed(reply);
  if (ifMatch !== undefined && ifMatch !== etag) return preconditionFailed(reply);
  done();
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(url + '\\n');
`;

/** Starts fauxqs and returns an S3 client configured for it (path style, HTTP/1.1, dummy keys). */
export async function startFauxqs(): Promise<Fauxqs> {
  const server = await startNodeServer('fauxqs', SERVER, { module: true });
  const { endpoint } = server;
  const s3 = new S3Client({
    endpoint,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  });
  return {
    endpoint,
    s3,
    createBucket: async (name) => {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: async () => {
      s3.destroy();
      await server.stop();
    },
  };
}
