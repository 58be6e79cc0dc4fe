import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_CONFIG_PATH } from '../config';
import { regionSchema } from '../config/awsIdentifiers';
import { localCommand } from './commands/localCommand';
import { queryCommand } from './commands/queryCommand';
import { redriveCommand } from './commands/redriveCommand';
import { replayCommand } from './commands/replayCommand';
import { statusCommand } from './commands/statusCommand';
import { validateConfigCommand } from './commands/validateConfigCommand';
import { OUTPUT_FORMAT_RULES, OUTPUT_FORMATS, type OutputFormat } from './formatResult';
import type { Output } from './Output';

/** The lake directory local mode writes and `--local` commands read. */
export const DEFAULT_LAKE_DIR = '.local/lake';

/** The config `datalake local` runs by default: the demo marketplace. */
export const LOCAL_DEMO_CONFIG = DEFAULT_CONFIG_PATH.replace(/marketplace\.yaml$/, 'local-demo.yaml');

/** `--events <n>`: a whole number of events, at least 1. */
function parseEventCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(count) || count < 1)
    throw new InvalidArgumentError(`received "${value}"; allowed: a whole number of events, at least 1`);
  return count;
}

/** `--region <code>`: an AWS region code, checked as the config's `aws.region` is. */
function parseRegion(value: string): string {
  const parsed = regionSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'not a region');
  return parsed.data;
}

/** `--bootstrap-servers <list>`: Kafka brokers as `host:port`, separated by commas. */
function parseBootstrapServers(value: string): string[] {
  const servers = value.split(',').map((server) => server.trim());
  if (servers.some((server) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(server)))
    throw new InvalidArgumentError(`received "${value}"; allowed: host:port separated by commas`);
  return servers;
}

/** Which region `query`, `status` (without `--local`), `redrive` and `replay` use, for their help. */
const REGION_HELP =
  "the AWS region (wins over AWS_REGION, which wins over the config's aws.region; with none of them, the AWS_PROFILE profile's region)";

/**
 * The `datalake` command line: `validate-config`, `query`, `status`, `redrive`, `replay` and
 * `local`, with help
 * text. Commander's own errors (unknown option, missing argument) are thrown as
 * `CommanderError`s (`exitOverride`) so the caller picks the exit code.
 *
 * @example
 * ```ts
 * await buildProgram(processOutput).parseAsync(['node', 'datalake', 'validate-config', 'lake.yaml']);
 * ```
 */
export function buildProgram(output: Output): Command {
  const program = new Command('datalake')
    .description('Serverless data lake: validate the config, run the pipeline locally, query and check runs.')
    .option('--verbose', 'print stack traces of failures', false)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });

  program
    .command('validate-config')
    .description('check a config file with every rule the deploy applies')
    .argument('<file>', 'the config file (.yaml, .yml or .json)')
    .action((file: string) => validateConfigCommand(file, output));

  program
    .command('query')
    .description('run SQL in Athena (the config workgroup) or, with --local, on the local lake')
    .argument('<sql>', 'the SQL, quoted as one argument')
    .option('--local', 'query the local lake written by `datalake local` with DuckDB', false)
    .option('--lake-dir <dir>', 'the local lake directory (with --local)', DEFAULT_LAKE_DIR)
    .option('--config <file>', 'the config naming the Athena workgroup', DEFAULT_CONFIG_PATH)
    .option('--workgroup <name>', 'the Athena workgroup (default: <lake name>-<query.workgroupName>)')
    .option('--region <code>', REGION_HELP, parseRegion)
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText(
      'after',
      `\nThe SQL must be one statement (a ';' inside a string or a comment does not count).\n\nFormats:\n${OUTPUT_FORMAT_RULES}`,
    )
    .action(
      (
        sql: string,
        options: {
          local: boolean;
          lakeDir: string;
          config: string;
          workgroup?: string;
          region?: string;
          format: OutputFormat;
        },
      ) => queryCommand(sql, options, output),
    );

  program
    .command('status')
    .description(
      "both pipelines of every source (last run, its error) and each table's freshness against its SLO (Step Functions and Glue, or the local lake)",
    )
    .option('--local', 'read the local run log and catalog', false)
    .option('--lake-dir <dir>', 'the local lake directory (with --local)', DEFAULT_LAKE_DIR)
    .option(
      '--config <file>',
      `the lake's config (default: ${DEFAULT_CONFIG_PATH}; with --local ${LOCAL_DEMO_CONFIG})`,
    )
    .option('--region <code>', REGION_HELP, parseRegion)
    .option('--json', 'print one JSON object instead of tables', false)
    .action((options: { local: boolean; lakeDir: string; config?: string; region?: string; json: boolean }) =>
      statusCommand(
        { ...options, config: options.config ?? (options.local ? LOCAL_DEMO_CONFIG : DEFAULT_CONFIG_PATH) },
        output,
      ),
    );

  program
    .command('redrive')
    .description(
      "redrive the newest execution of a source's pipelines when it failed, timed out or was aborted (Step Functions RedriveExecution)",
    )
    .argument('<source>', 'the source, as named in the config')
    .addOption(new Option('--pipeline <pipeline>', 'only this pipeline').choices(['snapshot', 'replica']))
    .option('--config <file>', 'the config of the deployed lake', DEFAULT_CONFIG_PATH)
    .option('--region <code>', REGION_HELP, parseRegion)
    .addHelpText(
      'after',
      '\nStep Functions redrives a Standard execution that did not succeed in the last 14 days: it continues\nfrom the unsuccessful steps with the same input, so tables the run already committed are not redone.',
    )
    .action(
      (source: string, options: { pipeline?: 'snapshot' | 'replica'; config: string; region?: string }) =>
        redriveCommand(source, options, output),
    );

  program
    .command('replay')
    .description(
      "re-deliver the records a stream's relay gave up on (its on-failure records: shard and sequence ranges) from Kinesis to its Kafka topic",
    )
    .argument('<stream>', 'the stream, as named in the config')
    .addOption(
      new Option(
        '--queue-url <url>',
        "the relay's SQS failure queue (the URL of the events stack's FailureQueue of that stream); each message is deleted once replayed",
      ).conflicts('failures'),
    )
    .option(
      '--failures <file>',
      "instead of --queue-url: the on-failure records, one JSON document a line (local mode's failures file, or saved message bodies); each is removed once replayed",
    )
    .requiredOption(
      '--bootstrap-servers <list>',
      "the Kafka cluster's brokers, host:port separated by commas (the events stack's KafkaBootstrapServers output)",
      parseBootstrapServers,
    )
    .addOption(
      new Option('--kafka-auth <auth>', 'iam for MSK Serverless, none for a local broker')
        .choices(['iam', 'none'])
        .default('iam'),
    )
    .option('--config <file>', 'the config of the deployed lake', DEFAULT_CONFIG_PATH)
    .option('--region <code>', REGION_HELP, parseRegion)
    .addHelpText(
      'after',
      "\nEach range is read back from the stream (within its retention), produced in shard order with the relay's\nheaders (event id, shard, sequence) in one acknowledged send, and only then deleted from the queue\n(removed from the file); consumers drop what was delivered before by the event id.",
    )
    .action(
      (
        stream: string,
        options: {
          queueUrl?: string;
          failures?: string;
          bootstrapServers: string[];
          kafkaAuth: 'iam' | 'none';
          config: string;
          region?: string;
        },
      ) => replayCommand(stream, options, output),
    );

  program
    .command('local')
    .description('run the whole pipeline on this machine with no AWS account (demo database by default)')
    .option('--source <url>', 'a mysql://… or postgres://… database instead of the demo')
    .option('--lake-dir <dir>', 'where the buckets, catalog and run log go', DEFAULT_LAKE_DIR)
    .option('--config <file>', 'the config to run (its first source)', LOCAL_DEMO_CONFIG)
    .option(
      '--events <n>',
      'then send n sample events into each configured stream: Kinesis emulator, relay to a mock Kafka broker, archive table',
      parseEventCount,
    )
    .option(
      '--cdc',
      "instead: one change-data-capture cycle of the source's cdc tables (its binlog or WAL into DMS files, then the apply); needs --source",
      false,
    )
    .action((options: { source?: string; lakeDir: string; config: string; events?: number; cdc: boolean }) =>
      localCommand(options, output),
    );

  return program;
}
