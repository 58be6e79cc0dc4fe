import { EnvironmentError } from '../../core/errors';
import type { AwsCredentials } from './signMskIamToken';

const missing = (variable: string) =>
  new EnvironmentError(
    variable,
    "is not set; allowed: the execution role's credentials Lambda sets, or the SDK's credential provider passed as `credentials` outside Lambda",
  );

/**
 * The Lambda function's execution role credentials, which the runtime puts in
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (Lambda Developer Guide,
 * "Defined runtime environment variables": "the access keys obtained from the function's
 * execution role"); the first place the SDK's default chain looks too. Read on every call, so a
 * token signed later uses what the environment holds then.
 *
 * @throws EnvironmentError naming the variable when the key id or secret is missing
 * @example
 * ```ts
 * const credentials = await lambdaRoleCredentials();
 * ```
 */
export async function lambdaRoleCredentials(
  environment: NodeJS.ProcessEnv = process.env,
): Promise<AwsCredentials> {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID;
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId) throw missing('AWS_ACCESS_KEY_ID');
  if (!secretAccessKey) throw missing('AWS_SECRET_ACCESS_KEY');
  const sessionToken = environment.AWS_SESSION_TOKEN;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
  };
}
