import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  DefaultDashboardFactory,
  GraphWidgetType,
  MonitoringFacade,
  notifySns,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { LAKE_METRICS } from '../../core/metrics';
import { metricsNamespace } from '../../core/naming';
import { firehoseDeliveryMetric } from './firehoseDeliveryMetric';
import { freshnessAlarmWindow } from './freshnessAlarmWindow';
import { sourceMetric, tableMetric } from './lakeMetric';
import { type ReplicaKind, replicaLagSecondsMetric } from './replicaLagMetric';

/** Props of {@link DataLakeMonitoring}. */
export interface DataLakeMonitoringProps {
  /** The lake's name: the namespace of its own metrics (`metricsNamespace`). */
  readonly lakeName: string;
  /** Starts every alarm's and the dashboard's name, e.g. `marketplace-service`; unique per account and region. */
  readonly namePrefix: string;
  /** Every alarm notifies it: the lake's `AlertTopic`. */
  readonly alarmTopic: sns.ITopic;
  /**
   * A function alarms when its maximum duration over 5 minutes passes this share of its timeout.
   *
   * @default 90
   */
  readonly lambdaDurationPercentOfTimeout?: number;
}

/** One pipeline (state machine) of a source and the functions its states invoke. */
export interface PipelineMonitoringProps {
  /** Names its alarms and its dashboard section, e.g. `service-snapshot`. */
  readonly name: string;
  readonly stateMachine: sfn.IStateMachine;
  /** The functions its states invoke, by a name for their alarms (e.g. `transform`). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
}

/** The read replicas of one source. */
export interface ReplicaLagMonitoringProps {
  /** The source's name. */
  readonly source: string;
  /** RDS read replicas (`ReplicaLag`) or Aurora readers (`AuroraReplicaLag`). */
  readonly kind: ReplicaKind;
  /** The replicas' DB instance identifiers. */
  readonly instanceIdentifiers: readonly string[];
  /** Alarm when one lags the primary by more than this for 15 minutes: the source's `replica.maxLagSeconds`. */
  readonly maxLagSeconds: number;
}

/** The tables of one source and how fresh each must stay. */
export interface FreshnessMonitoringProps {
  /** The source's name (the `Source` dimension). */
  readonly source: string;
  /** Each table (the `Table` dimension) with its freshness SLO in seconds. */
  readonly tables: readonly { readonly name: string; readonly freshnessSloSeconds: number }[];
  /**
   * With `includeTables: all`, the source's SLO in seconds (the SLO of the tables the config does
   * not list): one more alarm then watches every table's freshness as a share of its own SLO
   * (`FreshnessPercentOfSlo`, dimension Source), and a source whose commits stop within this SLO.
   *
   * @default - no source-wide alarm: every table is listed and has its own
   */
  readonly unlistedTablesSloSeconds?: number;
}

/** One source on the lake's overview dashboard, found by names only (no cross-stack reference). */
export interface SourceOverviewProps {
  /** The source's name (the `Source` dimension of its tables' metrics). */
  readonly source: string;
  /** Its pipelines' state machine ARNs by pipeline name, e.g. `{ snapshot: 'arn:aws:states:…' }`. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
}

/** One event stream: its Kinesis stream, relay and archive. */
export interface StreamMonitoringProps {
  /** The stream's config name. */
  readonly name: string;
  /** The Kinesis stream's name. */
  readonly kinesisStreamName: string;
  /** Alarm when the oldest unread record is older than this. */
  readonly maxIteratorAge: Duration;
  /** The relay function (errors, throttles, duration near timeout). */
  readonly relayFunction: lambda.IFunction;
  /** The relay's failure queue; its depth alarm is the relay's own (see `failureAlarm`). */
  readonly failureQueue: sqs.IQueue;
  /** The relay's alarm on its failure queue's depth: given the topic as its action here. */
  readonly failureAlarm: cloudwatch.Alarm;
  /** The archive's Firehose delivery stream name. */
  readonly deliveryStreamName: string;
  /** Alarm when the archive's oldest undelivered record is older than this. */
  readonly maxDataFreshness: Duration;
}

/**
 * The lake's alarms and dashboard for one stack, on cdk-monitoring-constructs'
 * `MonitoringFacade`: one method per capability (`monitorPipeline`, `monitorReplicaLag`,
 * `monitorFreshness`, `monitorStream`), every alarm notifying the lake's alert topic, one
 * dashboard named after `namePrefix` with a section per call; `summarizeSource` and
 * `summarizeStream` build the lake's overview dashboard from names alone.
 *
 * Alarms live in the stack of what they watch: a stack that alarmed on another's resources would
 * import its exports, which CloudFormation then refuses to delete when that resource goes.
 *
 * @example
 * ```ts
 * const monitoring = new DataLakeMonitoring(this, 'Monitoring', { lakeName: 'marketplace', namePrefix: 'marketplace-service', alarmTopic });
 * monitoring.monitorPipeline({ name: 'service-snapshot', stateMachine, functions: { transform } });
 * ```
 */
export class DataLakeMonitoring extends Construct {
  /** The facade the alarms and the dashboard are built with. */
  public readonly facade: MonitoringFacade;

  private readonly lakeName: string;
  private readonly alarmTopic: sns.ITopic;
  private readonly lambdaDurationPercentOfTimeout: number;

  public constructor(scope: Construct, id: string, props: DataLakeMonitoringProps) {
    super(scope, id);
    this.lakeName = props.lakeName;
    this.alarmTopic = props.alarmTopic;
    this.lambdaDurationPercentOfTimeout = props.lambdaDurationPercentOfTimeout ?? 90;
    this.facade = new MonitoringFacade(this, 'Facade', {
      alarmFactoryDefaults: {
        alarmNamePrefix: props.namePrefix,
        actionsEnabled: true,
        action: notifySns(props.alarmTopic),
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: props.namePrefix,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
  }

  /**
   * Alarms on a pipeline's executions that fail, time out or are aborted (AWS/States
   * ExecutionsFailed, ExecutionsTimedOut, ExecutionsAborted), and on each of its functions'
   * errors, throttles and maximum duration near its timeout.
   */
  public monitorPipeline(props: PipelineMonitoringProps): this {
    const once = { Critical: { maxErrorCount: 0 } };
    this.facade.addLargeHeader(`Pipeline ${props.name}`);
    this.facade.monitorStepFunction({
      stateMachine: props.stateMachine,
      alarmFriendlyName: props.name,
      humanReadableName: `${props.name} runs`,
      addFailedExecutionCountAlarm: once,
      addTimedOutExecutionCountAlarm: once,
      addAbortedExecutionCountAlarm: once,
    });
    for (const [name, lambdaFunction] of Object.entries(props.functions)) {
      this.monitorFunction(props.name, name, lambdaFunction);
    }
    return this;
  }

  /** Alarms when a replica lags its primary by more than `maxLagSeconds` for 15 minutes. */
  public monitorReplicaLag(props: ReplicaLagMonitoringProps): this {
    this.facade.monitorCustom({
      alarmFriendlyName: 'replica-lag',
      humanReadableName: `${props.source} replica lag`,
      metricGroups: [
        {
          title: 'Replica lag (seconds)',
          metrics: props.instanceIdentifiers.map((identifier, index) => ({
            metric: replicaLagSecondsMetric(props.kind, identifier, index),
            alarmFriendlyName: `replica${index + 1}`,
            addAlarm: {
              Warning: {
                threshold: props.maxLagSeconds,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluationPeriods: 15,
                datapointsToAlarm: 15,
                additionalDescription: `Runs of ${props.source} wait, then fail, while a replica lags more than ${props.maxLagSeconds} s.`,
              },
            },
          })),
        },
      ],
    });
    return this;
  }

  /**
   * Alarms when a table's freshness (the lake's `FreshnessSeconds` at each commit) passes its SLO,
   * or when no commit of the table published one for the SLO's length (a pipeline that stopped
   * running publishes nothing): see `freshnessAlarmWindow`. With `unlistedTablesSloSeconds`, one
   * alarm more does the same for every table of the source on `FreshnessPercentOfSlo` over 100.
   * Also charts rows committed and run duration per table.
   */
  public monitorFreshness(props: FreshnessMonitoringProps): this {
    const { source, tables } = props;
    const metric = (table: string, key: 'rowsCommitted' | 'runDurationSeconds') =>
      tableMetric(
        this.lakeName,
        source,
        table,
        key,
        key === 'rowsCommitted' ? 'Sum' : 'Maximum',
        Duration.hours(1),
      );
    const freshnessAlarm = (sloSeconds: number, threshold: number, description: string) => {
      const window = freshnessAlarmWindow(sloSeconds);
      return {
        Critical: {
          threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingDataOverride: window.missingDataBreaches
            ? cloudwatch.TreatMissingData.BREACHING
            : cloudwatch.TreatMissingData.NOT_BREACHING,
          evaluationPeriods: window.evaluationPeriods,
          datapointsToAlarm: window.evaluationPeriods,
          additionalDescription: description,
        },
      };
    };
    const period = (sloSeconds: number) => Duration.seconds(freshnessAlarmWindow(sloSeconds).periodSeconds);
    const unlistedSlo = props.unlistedTablesSloSeconds;
    this.facade.monitorCustom({
      alarmFriendlyName: 'freshness',
      humanReadableName: `${source} tables`,
      metricGroups: [
        {
          title: 'Freshness (seconds)',
          metrics: tables.map((table) => ({
            metric: tableMetric(
              this.lakeName,
              source,
              table.name,
              'freshnessSeconds',
              'Maximum',
              period(table.freshnessSloSeconds),
            ),
            alarmFriendlyName: table.name,
            addAlarm: freshnessAlarm(
              table.freshnessSloSeconds,
              table.freshnessSloSeconds,
              `The newest queryable data of ${source}.${table.name} is older than its freshnessSlo (${table.freshnessSloSeconds} s), or no run committed it within that time.`,
            ),
          })),
        },
        ...(unlistedSlo === undefined
          ? []
          : [
              {
                title: 'Freshness, % of each table’s SLO (every table)',
                metrics: [
                  {
                    metric: sourceMetric(
                      this.lakeName,
                      source,
                      'freshnessPercentOfSlo',
                      'Maximum',
                      period(unlistedSlo),
                    ),
                    alarmFriendlyName: 'all-tables',
                    addAlarm: freshnessAlarm(
                      unlistedSlo,
                      100,
                      `A table of ${source} (includeTables: all, listed or not) committed data older than its freshnessSlo, or no table of ${source} was committed within ${unlistedSlo} s (the source's freshnessSlo).`,
                    ),
                  },
                ],
              },
            ]),
        {
          title: 'Rows committed',
          graphWidgetType: GraphWidgetType.BAR,
          metrics: tables.map((table) => metric(table.name, 'rowsCommitted')),
        },
        {
          title: 'Run duration (seconds)',
          metrics: tables.map((table) => metric(table.name, 'runDurationSeconds')),
        },
      ],
    });
    return this;
  }

  /**
   * Alarms on an event stream: Kinesis iterator age (GetRecords.IteratorAgeMilliseconds, the relay
   * falling behind) and write throttles (WriteProvisionedThroughputExceeded); the relay function's
   * errors, throttles and duration; the relay's failure-queue alarm; the archive's delivery to S3
   * failing (DeliveryToS3.Success below 1 for 15 minutes) or lagging (DeliveryToS3.DataFreshness).
   */
  public monitorStream(props: StreamMonitoringProps): this {
    this.facade.addLargeHeader(`Stream ${props.name}`);
    this.facade.monitorKinesisDataStream({
      streamName: props.kinesisStreamName,
      alarmFriendlyName: `${props.name}-stream`,
      humanReadableName: `${props.name} Kinesis stream`,
      addIteratorMaxAgeAlarm: { Critical: { maxAgeInMillis: props.maxIteratorAge.toMilliseconds() } },
      addWriteProvisionedThroughputExceededAlarm: { Warning: { maxRecordsThrottledThreshold: 0 } },
    });
    this.monitorFunction(props.name, 'relay', props.relayFunction);
    props.failureAlarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    this.facade.monitorSqsQueue({
      queue: props.failureQueue,
      alarmFriendlyName: `${props.name}-relay-failures`,
      humanReadableName: `${props.name} relay failure queue`,
    });
    this.facade.monitorCustom({
      alarmFriendlyName: `${props.name}-archive`,
      humanReadableName: `${props.name} archive (Firehose)`,
      metricGroups: [
        {
          title: 'Delivery to S3',
          metrics: [
            {
              metric: firehoseDeliveryMetric(props.deliveryStreamName, 'DeliveryToS3.Success'),
              alarmFriendlyName: 'delivery',
              addAlarm: {
                Critical: {
                  threshold: 1,
                  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
                  evaluationPeriods: 3,
                  datapointsToAlarm: 3,
                  additionalDescription: `Firehose ${props.deliveryStreamName} fails to put objects to S3; records go to the error prefix after its retries.`,
                },
              },
            },
            {
              metric: firehoseDeliveryMetric(props.deliveryStreamName, 'DeliveryToS3.DataFreshness'),
              alarmFriendlyName: 'data-freshness',
              addAlarm: {
                Warning: {
                  threshold: props.maxDataFreshness.toSeconds(),
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                  additionalDescription: `Records wait in Firehose ${props.deliveryStreamName} longer than ${props.maxDataFreshness.toSeconds()} s.`,
                },
              },
            },
          ],
        },
      ],
    });
    return this;
  }

  /**
   * A source's section of the lake's overview dashboard, built from names the config gives, so
   * the dashboard can live in the foundation stack: each pipeline's runs by outcome and run time
   * (AWS/States per `StateMachineArn`), and every table's freshness, rows committed and run
   * duration, found by a search on the lake's namespace (tables `includeTables: all` finds too).
   * No alarms: those are on the source's own stack.
   */
  public summarizeSource(props: SourceOverviewProps): this {
    const pipelines = Object.entries(props.stateMachineArns);
    const states = (metricName: string, statistic: string, pipeline: string, arn: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/States',
        metricName,
        dimensionsMap: { StateMachineArn: arn },
        statistic,
        period: Duration.hours(1),
        label: `${pipeline} ${metricName}`,
      });
    const search = (metricName: string, statistic: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{"${metricsNamespace(this.lakeName)}","Source","Table"} "Source"="${props.source}" MetricName="${metricName}"', '${statistic}', 3600)`,
        usingMetrics: {},
        label: ' ',
        period: Duration.hours(1),
      });
    this.facade.monitorCustom({
      alarmFriendlyName: `${props.source}-overview`,
      humanReadableName: `Source ${props.source}`,
      metricGroups: [
        {
          title: 'Runs',
          graphWidgetType: GraphWidgetType.BAR,
          metrics: pipelines.flatMap(([pipeline, arn]) =>
            ['ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map(
              (name) => states(name, 'Sum', pipeline, arn),
            ),
          ),
        },
        {
          title: 'Run time (ms)',
          metrics: pipelines.map(([pipeline, arn]) => states('ExecutionTime', 'Maximum', pipeline, arn)),
        },
        {
          title: 'Freshness per table (s)',
          metrics: [search(LAKE_METRICS.freshnessSeconds.name, 'Maximum')],
        },
        { title: 'Rows committed per table', metrics: [search(LAKE_METRICS.rowsCommitted.name, 'Sum')] },
        {
          title: 'Run duration per table (s)',
          metrics: [search(LAKE_METRICS.runDurationSeconds.name, 'Maximum')],
        },
      ],
    });
    return this;
  }

  /**
   * A stream's section of the lake's overview dashboard, by its Kinesis stream name: incoming
   * records, iterator age, throttles (no alarms: those are on the events stack).
   */
  public summarizeStream(props: { readonly name: string; readonly kinesisStreamName: string }): this {
    this.facade.monitorKinesisDataStream({
      streamName: props.kinesisStreamName,
      alarmFriendlyName: `${props.name}-overview`,
      humanReadableName: `Stream ${props.name}`,
    });
    return this;
  }

  /** A function's errors, throttles and duration near its timeout, named `<owner>-<step>`. */
  private monitorFunction(owner: string, step: string, lambdaFunction: lambda.IFunction): void {
    const name = `${owner}-${step}`;
    this.facade.monitorLambdaFunction({
      lambdaFunction,
      alarmFriendlyName: name,
      humanReadableName: name,
      addFaultCountAlarm: { Critical: { maxErrorCount: 0 } },
      addThrottlesCountAlarm: { Warning: { maxErrorCount: 0 } },
      addMaxLatencyAlarm: { Warning: { maxLatencyPercentageOfTimeout: this.lambdaDurationPercentOfTimeout } },
    });
  }
}
