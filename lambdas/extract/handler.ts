import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { databaseCredentials, openReplicaReader, type ReplicaReader } from '../../lib/adapters/database';
import { positiveIntegerEnv, requiredEnv } from '../../lib/adapters/env';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { extractChunk } from '../../lib/pipeline/extractChunk';
import { type ExtractEvent, extractEventSchema } from './extractEventSchema';

// Built once per container: secrets fetched once, DuckDB opened once, one pooled session per replica.
const saltSecretArn = requiredEnv('MASKING_SALT_SECRET_ARN');
const objectStore = new S3ObjectStore({ client: new S3Client({}) });
const secrets = new SecretsManagerSecretReader(new SecretsManagerClient({}));
const duckdb = openDuckdb({
  memoryLimit: memoryLimitForLambda(positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024)),
  tempDirectory: '/tmp/duckdb',
});
const readers = new Map<string, Promise<ReplicaReader>>();

async function openReader({
  credentialsSecretArn,
  ...endpoint
}: ExtractEvent['replica']): Promise<ReplicaReader> {
  const { username: user, password } = await databaseCredentials(secrets, credentialsSecretArn);
  // TLS verified against the RDS CAs the stack's NODE_EXTRA_CA_CERTS adds to Node's store.
  return openReplicaReader({ ...endpoint, user, password, tls: true, poolSize: 1 });
}

/** One reader per replica for the container's life; a failed open is forgotten so the next call retries. */
function readerFor(replica: ExtractEvent['replica']): Promise<ReplicaReader> {
  const key = JSON.stringify(replica);
  let reader = readers.get(key);
  if (reader === undefined) {
    reader = openReader(replica);
    readers.set(key, reader);
    reader.catch(() => readers.delete(key));
  }
  return reader;
}

/** Extracts one chunk of a replica table (see `extractChunk`) and writes its manifest; returns a small summary. */
export const handler = async (event: unknown): Promise<{ chunk: number; rows: number; files: number }> => {
  const { curatedBucket, replica, ...task } = extractEventSchema.parse(event);
  const result = await extractChunk(
    { ...task, curatedBucket: curatedBucket ?? requiredEnv('CURATED_BUCKET') },
    {
      reader: await readerFor(replica),
      objectStore,
      duckdb: await duckdb,
      salt: await secrets.getSecretString(saltSecretArn),
    },
  );
  return { chunk: result.partIndex, rows: result.rows, files: result.files.length };
};
