import { SFNClient } from '@aws-sdk/client-sfn';
import { PipelineExecutions } from '../../adapters/stepFunctions';
import { loadConfig } from '../../config';
import type { PipelineKind } from '../../core/naming';
import { commandRegion } from '../cliRegion';
import type { Output } from '../Output';
import { redriveSource } from '../redrive/redriveSource';
import { withAwsSetupHints } from '../withAwsSetupHints';

/** Options of `datalake redrive`. */
export interface RedriveCommandOptions {
  readonly config: string;
  /** @default - every pipeline of the source */
  readonly pipeline?: PipelineKind;
  /** @default - AWS_REGION, else the config's `aws.region`, else the AWS SDK's lookup */
  readonly region?: string;
  /** The Step Functions client; tests inject one. @default - an SFNClient in the region above */
  readonly sfn?: SFNClient;
}

/**
 * `datalake redrive <source>`: redrives the newest execution of the source's pipelines when it
 * failed, timed out or was aborted (see {@link redriveSource}) and says what it redrove.
 */
export async function redriveCommand(
  sourceName: string,
  options: RedriveCommandOptions,
  output: Output,
): Promise<void> {
  const config = loadConfig(options.config);
  const region = commandRegion(options, config);
  const sfn = options.sfn ?? new SFNClient({ region: region.region });
  const redriven = await withAwsSetupHints(
    { name: 'redrive', hasLocal: false, configFile: options.config, region },
    () => redriveSource(config, sourceName, new PipelineExecutions(sfn), options.pipeline),
  );
  for (const execution of redriven) {
    output.out(
      `redriving ${execution.stateMachine} execution ${execution.name} (${execution.status}${execution.failure === '' ? '' : `: ${execution.failure}`}): only its unsuccessful steps run again, committed tables are not redone; follow it with \`datalake status\``,
    );
  }
}
