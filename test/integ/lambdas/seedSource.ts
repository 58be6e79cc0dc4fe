import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { Client } from 'pg';
import * as z from 'zod';
import { positiveIntegerEnv, requiredEnv } from '../../../lib/adapters/env';
import { seedSourceDatabase } from '../checks/seedSourceDatabase';

/** The RDS secret JSON shape: what `rds.DatabaseSecret` generates. */
const secretSchema = z.object({ username: z.string(), password: z.string() });
const secrets = new SecretsManagerClient({});

async function secretValue(secretId: string) {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  return secretSchema.parse(JSON.parse(SecretString ?? '{}'));
}

/**
 * Custom resource of the integ check's source database: on Create, seeds the demo marketplace and
 * the read-only login (see `seedSourceDatabase`) over TLS, verified against the Amazon root CAs
 * the runtime ships (`NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem`, set on the function), and
 * with `BENCH_ROWS` the extract bench's table. Update
 * and Delete do nothing: the instance is deleted with its stack.
 */
export const handler = async (event: CloudFormationCustomResourceEvent) => {
  if (event.RequestType !== 'Create') return { PhysicalResourceId: event.PhysicalResourceId };
  const admin = await secretValue(requiredEnv('ADMIN_SECRET_ARN'));
  const reader = await secretValue(requiredEnv('READER_SECRET_ARN'));
  const client = new Client({
    host: requiredEnv('DB_HOST'),
    port: Number(requiredEnv('DB_PORT')),
    database: requiredEnv('DB_NAME'),
    user: admin.username,
    password: admin.password,
    ssl: { rejectUnauthorized: true, servername: requiredEnv('DB_HOST') },
  });
  await client.connect();
  try {
    await seedSourceDatabase(
      { query: (text, values) => client.query(text, values), exec: (script) => client.query(script) },
      reader,
      process.env.BENCH_ROWS ? { benchRows: positiveIntegerEnv('BENCH_ROWS', 0) } : {},
    );
  } finally {
    await client.end();
  }
  return { PhysicalResourceId: `${requiredEnv('DB_HOST')}/${requiredEnv('DB_NAME')}` };
};
