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
 */
const SERVER = `
import { buildApp } from 'fauxqs';
const app = buildApp({ logger: false });
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
