import { SFNClient } from '@aws-sdk/client-sfn';
import { loadConfig } from '../../config';
import { localLakePaths } from '../../local/localCatalogPaths';
import { readLocalRuns } from '../../local/readLocalRuns';
import { cliRegion } from '../cliRegion';
import { formatTable } from '../formatResult';
import type { Output } from '../Output';
import { AWS_STATUS_HEADERS, awsStatusRows } from '../status/awsStatusRows';
import { LOCAL_STATUS_HEADERS, localStatusRows } from '../status/localStatusRows';
import { withAwsSetupHints } from '../withAwsSetupHints';

/** Options of `datalake status`. */
export interface StatusCommandOptions {
  readonly local: boolean;
  readonly lakeDir: string;
  readonly config: string;
  /**
   * The AWS region (`--region`).
   *
   * @default - AWS_REGION, else the config's `aws.region`, else the AWS SDK's lookup
   */
  readonly region?: string;
  /**
   * The Step Functions client; tests inject one.
   *
   * @default - an SFNClient in the region above (see cliRegion)
   */
  readonly sfn?: SFNClient;
}

/**
 * `datalake status`: the last run per source and table with row counts and freshness, from the
 * local run log (`local`; a run whose process died before it ended reads as KILLED) or from the
 * sources' state machine executions in AWS.
 */
export async function statusCommand(options: StatusCommandOptions, output: Output): Promise<void> {
  const now = new Date();
  if (options.local) {
    const paths = localLakePaths(options.lakeDir);
    const runs = await readLocalRuns(paths);
    if (runs.length === 0) {
      output.out(`no local runs in ${paths.root}; run \`datalake local\` first`);
      return;
    }
    output.out(formatTable(LOCAL_STATUS_HEADERS, localStatusRows(runs, now)));
    return;
  }
  const config = loadConfig(options.config);
  const region = cliRegion({
    flag: options.region,
    env: process.env,
    configFile: options.config,
    configRegion: () => config.aws.region,
  });
  const sfn = options.sfn ?? new SFNClient({ region: region.region });
  const rows = await withAwsSetupHints({ name: 'status', configFile: options.config, region }, () =>
    awsStatusRows(config, sfn, now),
  );
  output.out(formatTable(AWS_STATUS_HEADERS, rows));
}
