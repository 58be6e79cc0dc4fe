import { GlueClient } from '@aws-sdk/client-glue';
import { SFNClient } from '@aws-sdk/client-sfn';
import { glueCommittedViews } from '../../adapters/catalog/glueCommittedViews';
import { PipelineExecutions } from '../../adapters/stepFunctions';
import { loadConfig } from '../../config';
import { localLakePaths } from '../../local/localCatalogPaths';
import { readLocalRuns } from '../../local/readLocalRuns';
import { commandRegion } from '../cliRegion';
import { formatTable } from '../formatResult';
import type { Output } from '../Output';
import { formatFreshness, formatPipelines } from '../status/formatStatus';
import { localCommittedViews } from '../status/localCommittedViews';
import { localPipelineStatuses } from '../status/localPipelineStatuses';
import { LOCAL_STATUS_HEADERS, localStatusRows } from '../status/localStatusRows';
import { pipelineStatuses } from '../status/pipelineStatuses';
import { tableStatuses } from '../status/tableStatuses';
import { withAwsSetupHints } from '../withAwsSetupHints';

/** Options of `datalake status`. */
export interface StatusCommandOptions {
  readonly local: boolean;
  readonly lakeDir: string;
  /** The config: its sources, pipelines and freshness SLOs. */
  readonly config: string;
  /** Print JSON instead of tables. @default false */
  readonly json?: boolean;
  /**
   * The AWS region (`--region`).
   *
   * @default - AWS_REGION, else the config's `aws.region`, else the AWS SDK's lookup
   */
  readonly region?: string;
  /** The Step Functions client; tests inject one. @default - an SFNClient in the region above */
  readonly sfn?: SFNClient;
  /** The Glue client; tests inject one. @default - a GlueClient in the region above */
  readonly glue?: GlueClient;
}

async function localStatus(options: StatusCommandOptions, output: Output, now: Date): Promise<void> {
  const paths = localLakePaths(options.lakeDir);
  const runs = await readLocalRuns(paths);
  if (runs.length === 0) {
    output.out(`no local runs in ${paths.root}; run \`datalake local\` first`);
    return;
  }
  const config = loadConfig(options.config);
  const local = await localCommittedViews(paths, runs);
  const tables = await tableStatuses(config, local.views, now).finally(local.close);
  const pipelines = localPipelineStatuses(config, runs);
  const rows = localStatusRows(runs, now);
  if (options.json === true) {
    const runsJson = rows.map((row) =>
      Object.fromEntries(LOCAL_STATUS_HEADERS.map((name, i) => [name, row[i]])),
    );
    output.out(JSON.stringify({ pipelines, runs: runsJson, tables }, null, 2));
    return;
  }
  output.out(formatPipelines(pipelines));
  output.out('');
  output.out(formatTable(LOCAL_STATUS_HEADERS, rows));
  output.out('');
  output.out(formatFreshness(tables));
}

/**
 * `datalake status`: both pipelines (snapshot and replica) of every source with their newest
 * execution and its error, and every committed table's freshness against its SLO, from Step
 * Functions and the Glue catalog; with `local`, the same pipelines from the local run log (see
 * `localPipelineStatuses`), each table's last run, and the local catalog (a run whose process
 * died before it ended reads as KILLED). `json` prints the same as one JSON object.
 */
export async function statusCommand(options: StatusCommandOptions, output: Output): Promise<void> {
  const now = new Date();
  if (options.local) {
    await localStatus(options, output, now);
    return;
  }
  const config = loadConfig(options.config);
  const region = commandRegion(options, config);
  const sfn = options.sfn ?? new SFNClient({ region: region.region });
  const glue = options.glue ?? new GlueClient({ region: region.region });
  const report = await withAwsSetupHints(
    { name: 'status', configFile: options.config, region },
    async () => ({
      pipelines: await pipelineStatuses(config, new PipelineExecutions(sfn)),
      tables: await tableStatuses(config, (database) => glueCommittedViews(glue, database), now),
    }),
  );
  if (options.json === true) {
    output.out(JSON.stringify(report, null, 2));
    return;
  }
  output.out(formatPipelines(report.pipelines));
  output.out('');
  output.out(formatFreshness(report.tables));
}
