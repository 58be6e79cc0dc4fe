import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { type App, Duration, type Environment, RemovalPolicies, Stack } from 'aws-cdk-lib';
import { archiveTableName } from '../../lib/core/events';
import { eventsDatabaseName, sourceDatabaseName } from '../../lib/core/naming';
import { createDataLake, type DataLakeStacks } from '../../lib/infra/app/createDataLake';
import type { EventsStack } from '../../lib/infra/stacks/EventsStack';
import type { SourceStack } from '../../lib/infra/stacks/SourceStack';
import { expectedRowCounts } from './checks/expectedRowCounts';
import { IntegBenchStack } from './IntegBenchStack';
import { IntegProbesStack } from './IntegProbesStack';
import {
  INTEG_LAKE_NAME,
  INTEG_READER_USERNAME,
  INTEG_SOURCE_DATABASE,
  INTEG_SOURCE_INSTANCE,
  integLakeConfig,
} from './integLakeConfig';
import { ReaderSecretStack } from './ReaderSecretStack';
import { SourceDatabaseStack } from './SourceDatabaseStack';

/** Events the check sends: few enough for one Firehose buffer, enough to show none is lost. */
export const INTEG_EVENT_COUNT = 500;

/**
 * How long each wait may take. Each wait is one custom resource, and CloudFormation waits at most
 * an hour for one (`ServiceTimeout`: 1 to 3600 s, AWS::CloudFormation::CustomResource). A snapshot
 * run waits for RDS to take and export a snapshot: usually 20 to 40 minutes for a small one.
 */
export const INTEG_WAITS = {
  snapshotRun: { totalTimeout: Duration.minutes(55), interval: Duration.minutes(1) },
  replicaRun: { totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) },
  // Firehose writes the archive when its buffer interval ends (300 s by default).
  archive: { totalTimeout: Duration.minutes(20), interval: Duration.minutes(1) },
  counts: { totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) },
} as const;

/** The integ check's app, built: the lake's stacks, what the check adds, and the test. */
export interface IntegLake {
  readonly lake: DataLakeStacks;
  readonly readerSecret: ReaderSecretStack;
  readonly sourceDatabase: SourceDatabaseStack;
  readonly probes: IntegProbesStack;
  /** The extract bench's function; only with {@link IntegLakeOptions.benchRows}. */
  readonly bench?: IntegBenchStack;
  readonly test: IntegTest;
}

/** What the check adds to its lake. */
export interface IntegLakeOptions {
  /**
   * Rows of the extract bench's table the seed writes; with it the check deploys the bench
   * function (`npm run integ -- --bench`), which `runInteg` invokes once the check has passed.
   *
   * @default - no bench
   */
  readonly benchRows?: number;
}

/**
 * Builds the integ check into `app`: the source database a user already has (seeded), the lake's
 * own stacks from {@link integLakeConfig} through `createDataLake` (as `bin/datalake.ts` does),
 * the probe functions, and the assertions, which run when the assertion stack deploys:
 *
 * 1. the snapshot and the replica state machines each run once and end SUCCEEDED;
 * 2. then every curated table holds, in Athena in the lake's workgroup, the rows the seed wrote;
 * 3. {@link INTEG_EVENT_COUNT} events sent through the client SDK all reach the archive table.
 *
 * @example
 * ```ts
 * const app = new App();
 * buildIntegLake(app, { account: '111122223333', region: 'eu-west-1' });
 * app.synth();
 * ```
 */
export function buildIntegLake(app: App, env: Environment, options: IntegLakeOptions = {}): IntegLake {
  // The reader secret comes first: the foundation's endpoint policies name it, and the source
  // database, built in the foundation's VPC, seeds the login it holds.
  const readerSecret = new ReaderSecretStack(app, `${INTEG_LAKE_NAME}-reader-secret`, {
    env,
    readerUsername: INTEG_READER_USERNAME,
  });
  const config = integLakeConfig(readerSecret.readerSecret.secretArn);
  const lake = createDataLake(app, config, env);
  const sourceDatabase = new SourceDatabaseStack(app, `${INTEG_LAKE_NAME}-source-database`, {
    env,
    vpc: lake.foundation.network.vpc,
    vpcSubnets: lake.foundation.network.subnetSelection,
    instanceIdentifier: INTEG_SOURCE_INSTANCE,
    databaseName: INTEG_SOURCE_DATABASE,
    readerSecret: readerSecret.readerSecret,
    ...(options.benchRows === undefined ? {} : { benchRows: options.benchRows }),
  });
  const [source] = lake.sources;
  const events = lake.events;
  if (source === undefined || events === undefined)
    throw new Error('The integ lake has one source and one stream');
  // The replica is made from the primary, so the primary must exist and hold the seed first.
  source.addStackDependency(sourceDatabase);
  const [stream] = events.streams;
  if (stream === undefined) throw new Error('The integ lake has one stream');
  const probes = new IntegProbesStack(app, `${INTEG_LAKE_NAME}-probes`, {
    env,
    foundation: lake.foundation,
    eventStream: stream.stream,
  });

  const [sourceConfig] = config.sources;
  if (sourceConfig === undefined) throw new Error('The integ lake has one source');
  const bench =
    options.benchRows === undefined
      ? undefined
      : new IntegBenchStack(app, `${INTEG_LAKE_NAME}-bench`, {
          env,
          foundation: lake.foundation,
          source,
          sourceConfig,
          readerSecret: readerSecret.readerSecret,
        });

  // retainOnDelete: false leaves a few resources retained (the VPC flow log group, the Kafka
  // topic, Firehose's delivery log group): the check must leave nothing, as aws-cdk's own integ
  // tests do.
  RemovalPolicies.of(app).destroy();

  const test = new IntegTest(app, 'DataLakeCheck', {
    testCases: [
      readerSecret,
      lake.foundation,
      sourceDatabase,
      source,
      events,
      probes,
      ...(bench ? [bench] : []),
    ],
    diffAssets: false,
    stackUpdateWorkflow: false,
    // In the lake's account and region: the assertions reference its resources by name.
    assertionStack: new Stack(app, `${INTEG_LAKE_NAME}-assertions`, { env }),
  });
  const counts = expectedRowCounts(sourceConfig);
  const database = sourceDatabaseName(config.name, sourceConfig.name);
  checkPipeline(test, source, 'snapshot', probes, database, counts.snapshot);
  checkPipeline(test, source, 'replica', probes, database, counts.replica);
  checkEvents(test, events, probes, eventsDatabaseName(config.name));
  return { lake, readerSecret, sourceDatabase, probes, ...(bench ? { bench } : {}), test };
}

/** Runs one pipeline, waits for SUCCEEDED, then waits for its tables' counts in Athena. */
function checkPipeline(
  test: IntegTest,
  source: SourceStack,
  pipeline: 'snapshot' | 'replica',
  probes: IntegProbesStack,
  database: string,
  expected: Readonly<Record<string, number>>,
): void {
  const stateMachine = (pipeline === 'snapshot' ? source.snapshotPipeline : source.replicaPipeline)
    ?.stateMachine;
  if (stateMachine === undefined) throw new Error(`The integ lake's source has no ${pipeline} pipeline`);
  const started = test.assertions.awsApiCall('StepFunctions', 'startExecution', {
    stateMachineArn: stateMachine.stateMachineArn,
    input: '{}',
  });
  const finished = test.assertions
    .awsApiCall('StepFunctions', 'describeExecution', { executionArn: started.getAttString('executionArn') })
    .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
    .waitForAssertions(pipeline === 'snapshot' ? INTEG_WAITS.snapshotRun : INTEG_WAITS.replicaRun);
  const counted = test.assertions
    .invokeFunction({
      functionName: probes.countRows.functionName,
      payload: JSON.stringify({ kind: 'tables', database, tables: Object.keys(expected) }),
    })
    .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson({ counts: expected }) }))
    .waitForAssertions(INTEG_WAITS.counts);
  started.next(finished).next(counted);
}

/** Sends events through the client SDK, then waits until the archive holds every one. */
function checkEvents(test: IntegTest, events: EventsStack, probes: IntegProbesStack, database: string): void {
  const [stream] = events.streams;
  if (stream === undefined) throw new Error('The integ lake has one stream');
  const sent = test.assertions
    .invokeFunction({
      functionName: probes.sendEvents.functionName,
      payload: JSON.stringify({
        stream: stream.config,
        streamName: stream.stream.streamName,
        count: INTEG_EVENT_COUNT,
      }),
    })
    .expect(
      ExpectedResult.objectLike({
        Payload: Match.serializedJson(Match.objectLike({ sent: INTEG_EVENT_COUNT, failed: 0 })),
      }),
    );
  const table = archiveTableName(stream.config.name);
  const archived = test.assertions
    .invokeFunction({
      functionName: probes.countRows.functionName,
      payload: JSON.stringify({ kind: 'events', database, table }),
    })
    .expect(
      ExpectedResult.objectLike({
        Payload: Match.serializedJson({ counts: { [table]: INTEG_EVENT_COUNT } }),
      }),
    )
    .waitForAssertions(INTEG_WAITS.archive);
  sent.next(archived);
}
