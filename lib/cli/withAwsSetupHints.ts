import { AwsSetupError } from '../core/errors';
import type { CliRegion } from './cliRegion';

/** The command whose AWS calls are wrapped, for the message. */
export interface AwsCommand {
  /** `query`, `status`, `redrive` or `replay`. */
  readonly name: string;
  /**
   * Whether the command has a `--local` form, which the message then offers.
   *
   * @default true
   */
  readonly hasLocal?: boolean;
  readonly configFile: string;
  readonly region: CliRegion;
}

/** Errors of the AWS SDK's credential lookup (`@smithy/property-provider`), by name. */
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);

/**
 * Runs `call` (a command's AWS calls) and turns the AWS SDK's bare "Region is missing" and
 * "Could not load credentials from any providers" into an {@link AwsSetupError} that says what to
 * set and that `--local` needs no AWS account. The SDK finds credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), IAM Identity Center's token cache, the shared
 * config and credentials files (AWS_PROFILE) or the instance metadata service ("Set credentials
 * in Node.js", AWS SDK for JavaScript v3 Developer Guide).
 *
 * @example
 * ```ts
 * await withAwsSetupHints({ name: 'status', configFile, region }, () => awsStatusRows(config, client, now));
 * ```
 */
export async function withAwsSetupHints<T>(command: AwsCommand, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const local =
      command.hasLocal === false
        ? `\`datalake ${command.name}\` acts on the deployed lake`
        : `\`datalake ${command.name} --local\` needs no AWS account`;
    if (error.message === 'Region is missing') {
      throw new AwsSetupError(
        'region',
        `No AWS region for \`datalake ${command.name}\`: set aws.region in ${command.configFile}, or AWS_REGION, or pass --region (--region wins over AWS_REGION, which wins over the config), or set AWS_PROFILE to a profile with a region; ${local}`,
        { cause: error },
      );
    }
    if (CREDENTIAL_ERRORS.has(error.name)) {
      const where = command.region.region ?? 'the profile’s region';
      throw new AwsSetupError(
        'credentials',
        `No AWS credentials for \`datalake ${command.name}\` in ${where} (region from ${command.region.source}): ${error.message}. Set AWS_PROFILE to a profile of ~/.aws/config (after \`aws sso login --profile <name>\` for IAM Identity Center), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ${local}`,
        { cause: error },
      );
    }
    throw error;
  }
}
