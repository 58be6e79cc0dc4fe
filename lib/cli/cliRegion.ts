import type { DataLakeConfig } from '../config';

/** Where `datalake status` and `query` (without `--local`) look for the AWS region. */
export interface CliRegionSources {
  /** `--region`. */
  readonly flag?: string;
  /** The environment, for `AWS_REGION`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The config file, named in messages. */
  readonly configFile: string;
  /** Reads the config's `aws.region`; called only when neither `--region` nor `AWS_REGION` is set. */
  readonly configRegion: () => string | undefined;
}

/** The region the CLI's AWS clients use, and where it came from, for messages. */
export interface CliRegion {
  /** @default - none: the AWS SDK's own lookup (the region of the `AWS_PROFILE` profile) */
  readonly region?: string;
  readonly source: string;
}

/**
 * The AWS region of the CLI's clients: `--region`, else `AWS_REGION`, else the config's
 * `aws.region` (where the lake is deployed), else whatever the AWS SDK finds itself (a region in
 * the shared config file's profile). A region passed to a client's constructor wins over the
 * SDK's own lookup ("Set the AWS Region", AWS SDK for JavaScript v3 Developer Guide), so the
 * config's region is only passed when nothing the user set outranks it.
 *
 * @example
 * ```ts
 * cliRegion({ env: process.env, configFile: 'lake.yaml', configRegion: () => 'eu-west-1' });
 * // { region: 'eu-west-1', source: 'aws.region in lake.yaml' } when AWS_REGION is unset
 * ```
 */
export function cliRegion(sources: CliRegionSources): CliRegion {
  if (sources.flag !== undefined) return { region: sources.flag, source: '--region' };
  const fromEnv = sources.env.AWS_REGION;
  if (fromEnv !== undefined && fromEnv !== '') return { region: fromEnv, source: 'AWS_REGION' };
  const fromConfig = sources.configRegion();
  if (fromConfig !== undefined) return { region: fromConfig, source: `aws.region in ${sources.configFile}` };
  return { source: 'the AWS SDK (a region in the AWS_PROFILE profile)' };
}

/**
 * {@link cliRegion} for a command that has loaded its config: `--region`, `AWS_REGION`, the
 * config's `aws.region`, else the SDK's own lookup.
 *
 * @example
 * ```ts
 * const region = commandRegion({ region: options.region, config: options.config }, loadConfig(options.config));
 * new SFNClient({ region: region.region });
 * ```
 */
export function commandRegion(
  options: { readonly region?: string; readonly config: string },
  config: Pick<DataLakeConfig, 'aws'>,
): CliRegion {
  return cliRegion({
    flag: options.region,
    env: process.env,
    configFile: options.config,
    configRegion: () => config.aws.region,
  });
}
