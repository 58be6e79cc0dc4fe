/** The account and region the stacks are synthesized for. */
export interface ResolvedEnvironment {
  readonly account: string;
  readonly region: string;
  /** True when neither was given anywhere: fine for `cdk synth`, not for `cdk deploy`. */
  readonly placeholder: boolean;
}

/** Where an account or region may come from, most specific first. */
export interface EnvironmentSources {
  /** `-c account=… -c region=…` on the CDK command line. */
  readonly context?: { readonly account?: unknown; readonly region?: unknown };
  /** The config file's `aws` block. */
  readonly config?: { readonly account?: string; readonly region?: string };
  /** The process environment; the CDK CLI sets CDK_DEFAULT_ACCOUNT/REGION from credentials. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Account and region used when nothing names them, so synth works offline with no credentials. */
export const PLACEHOLDER_ENVIRONMENT = { account: '123456789012', region: 'us-east-1' } as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Picks the deployment environment: CDK context, then the config file, then the
 * credentials the CDK CLI found, then {@link PLACEHOLDER_ENVIRONMENT}.
 *
 * @example
 * ```ts
 * resolveEnvironment({ context: { region: 'ap-northeast-2' }, config: { account: '111122223333' } });
 * // { account: '111122223333', region: 'ap-northeast-2', placeholder: false }
 * ```
 */
export function resolveEnvironment(sources: EnvironmentSources): ResolvedEnvironment {
  const { context, config, env = {} } = sources;
  const account = text(context?.account) ?? config?.account ?? text(env.CDK_DEFAULT_ACCOUNT);
  const region = text(context?.region) ?? config?.region ?? text(env.CDK_DEFAULT_REGION);
  return {
    account: account ?? PLACEHOLDER_ENVIRONMENT.account,
    region: region ?? PLACEHOLDER_ENVIRONMENT.region,
    placeholder: account === undefined && region === undefined,
  };
}
