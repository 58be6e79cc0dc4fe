import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { InvalidPropsError } from '../../core/errors';
import type { NotifyFailureEnvironment } from '../../tasks/notifyFailure/notifyFailureSettingsSchema';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { pipelineFunction } from '../lambda/pipelineFunction';
import { lakeRolePaths } from '../security/lakeRolePaths';

/**
 * The statuses an execution can end in other than SUCCEEDED, as the "Step Functions Execution
 * Status Change" event's `detail.status` gives them ("EventBridge (CloudWatch Events) for Step
 * Functions execution status changes", https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html).
 */
export const FAILED_EXECUTION_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** Props of {@link FailureNotification}. */
export interface FailureNotificationProps {
  /** The lake's name: the message names it. */
  readonly lakeName: string;
  /** The source whose pipelines' failures are told. */
  readonly sourceName: string;
  /** The source's pipeline state machines (snapshot, replica), at least one: the rule matches their executions only. */
  readonly stateMachines: readonly sfn.IStateMachine[];
  /** The lake's alert topic (KMS-encrypted: the function gets the key's publish actions with the topic's). */
  readonly topic: sns.ITopic;
  /** Encrypts the function's log group: the lake's operations key. */
  readonly logEncryptionKey: kms.IKey;
  /**
   * How long the function's log group keeps events.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the function's log group when the stack is deleted.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Tells a person when a source's pipeline run ends without succeeding: an EventBridge rule on the
 * "Step Functions Execution Status Change" events of the source's state machines with status
 * FAILED, TIMED_OUT or ABORTED invokes the notify-failure function (`notifyFailureTask`), which
 * reads the execution and its history and publishes `runFailureMessage` to the alert topic: the
 * source, each failed table with its cause, the console link; never the event's raw JSON. The
 * function may only describe and read the history of these state machines' executions and publish
 * to the topic; its role is under the lake's path, which the operations key lets encrypt and
 * decrypt for the topic.
 *
 * @throws InvalidPropsError when `stateMachines` is empty
 * @example
 * ```ts
 * new FailureNotification(this, 'FailureNotification', {
 *   lakeName: 'marketplace', sourceName: 'service', stateMachines: [snapshot.stateMachine],
 *   topic: foundation.alerts.topic, logEncryptionKey: foundation.storage.operationsKey,
 * });
 * ```
 */
export class FailureNotification extends Construct {
  /** The notify-failure function. */
  public readonly function: lambda.IFunction;
  /** The rule that sends the state machines' failed, timed-out and aborted executions to the function. */
  public readonly rule: events.Rule;

  public constructor(scope: Construct, id: string, props: FailureNotificationProps) {
    super(scope, id);
    const { lakeName, sourceName, stateMachines, topic } = props;
    // EventBridge refuses an empty list in a pattern; a source without pipelines has nothing to tell.
    if (stateMachines.length === 0) {
      throw new InvalidPropsError(this.node.path, [
        { path: 'stateMachines', message: 'is empty; allowed: one or more state machines of the source' },
      ]);
    }
    const fn = pipelineFunction(this, 'Function', {
      name: 'notify-failure',
      pipeline: `${sourceName} failure notification`,
      description: `Tells the alert topic which ${sourceName} pipeline run failed, and on which tables`,
      memorySize: 256,
      // A describe, a few history pages (1000 events each) and a publish.
      timeout: Duration.minutes(1),
      environment: {
        LAKE_NAME: lakeName,
        SOURCE_NAME: sourceName,
        ALERT_TOPIC_ARN: topic.topicArn,
      } satisfies NotifyFailureEnvironment,
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logEncryptionKey: props.logEncryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      // The operations key (the topic's) lets roles under the lake's path decrypt.
      rolePath: lakeRolePaths(lakeName).lake,
    });
    this.function = fn;
    for (const stateMachine of stateMachines) {
      acknowledgeGrantWildcards(
        fn,
        stateMachine.grantExecution(fn, 'states:DescribeExecution', 'states:GetExecutionHistory'),
        'Reading the executions of this source’s own state machine: execution ARNs end in the execution’s name.',
      );
    }
    topic.grantPublish(fn);
    // grantPublish returns the topic's grant only; the key's, on the role when the key is in another stack, has this wildcard.
    if (fn.role !== undefined) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to the encrypted alert topic: kms:GenerateDataKey* names the data key variants, on the topic’s key only.',
      });
    }

    this.rule = new events.Rule(this, 'Rule', {
      description: `Tells the alert topic when a ${sourceName} pipeline run fails, times out or is aborted`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: [...FAILED_EXECUTION_STATUSES],
          stateMachineArn: stateMachines.map((stateMachine) => stateMachine.stateMachineArn),
        },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(6) })],
    });
  }
}
