import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { positiveIntegerEnv, requiredEnv } from '../../lib/adapters/env';
import { S3ObjectStore } from '../../lib/adapters/objectStore';
import { SecretsManagerSecretReader } from '../../lib/adapters/secrets';
import { memoryLimitForLambda, openDuckdb } from '../../lib/duckdb';
import { transformPart } from '../../lib/pipeline/transformPart';
import { transformEventSchema } from './transformEventSchema';

/** What the transform returns: small, as Step Functions discards it and the commit reads the manifest. */
export interface TransformSummary {
  readonly partIndex: number;
  readonly rows: number;
  readonly files: number;
}

// Built once per container: the salt is fetched once, DuckDB is opened once.
const saltSecretArn = requiredEnv('MASKING_SALT_SECRET_ARN');
const objectStore = new S3ObjectStore({ client: new S3Client({}) });
const secrets = new SecretsManagerSecretReader(new SecretsManagerClient({}));
const duckdb = openDuckdb({
  memoryLimit: memoryLimitForLambda(positiveIntegerEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024)),
  tempDirectory: '/tmp/duckdb',
});

/** Curates one export part (see `transformPart`) and writes its manifest. */
export const handler = async (event: unknown): Promise<TransformSummary> => {
  const { curatedBucket, ...task } = transformEventSchema.parse(event);
  const result = await transformPart(
    { ...task, curatedBucket: curatedBucket ?? requiredEnv('CURATED_BUCKET') },
    { objectStore, duckdb: await duckdb, salt: await secrets.getSecretString(saltSecretArn) },
  );
  return { partIndex: result.partIndex, rows: result.rows, files: result.files.length };
};
