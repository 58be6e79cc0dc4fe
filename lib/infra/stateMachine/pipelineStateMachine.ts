import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledgeTaskWildcards } from './acknowledgeTaskWildcards';

/** Props of {@link pipelineStateMachine}. */
export interface PipelineStateMachineProps {
  readonly stateMachineName: string;
  readonly comment: string;
  readonly definition: sfn.IChainable;
  /** The longest a run may take. */
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  /** Encrypts the state machine's log group. */
  readonly logKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
  /**
   * The IAM path of the state machine's role. Zone keys let roles decrypt by path: a state machine
   * that reads raw objects (part lists, run files) needs the lake's raw path.
   *
   * @default '/'
   */
  readonly rolePath?: string;
  /** The source's `schedule` (an EventBridge expression) and what its rule's description says. */
  readonly schedule?: { readonly expression: string; readonly description: string };
}

/**
 * The schedule of a source's pipeline: its `schedule` expression, and the description of the rule
 * that starts it; undefined when the source has no schedule.
 *
 * @example
 * ```ts
 * pipelineStateMachine(this, { ...props, schedule: sourceSchedule(source, 'replica') });
 * ```
 */
export function sourceSchedule(
  source: { readonly name: string; readonly schedule?: string },
  pipeline: 'snapshot' | 'replica',
): PipelineStateMachineProps['schedule'] {
  return source.schedule === undefined
    ? undefined
    : { expression: source.schedule, description: `Starts the ${source.name} ${pipeline} pipeline` };
}

/** What {@link pipelineStateMachine} made. */
export interface PipelineStateMachine {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** @default - no rule: the source has no schedule */
  readonly scheduleRule?: events.Rule;
}

/**
 * The state machine of a source pipeline (snapshot or replica) as both are run: X-Ray tracing on,
 * ALL events logged without execution data (it names columns and may carry values) to a
 * KMS-encrypted log group (`Logs`), the task wildcards acknowledged, and a `Schedule` rule starting
 * it with `{}` when the source has a schedule. Children are made in `scope`, with stable ids.
 *
 * @example
 * ```ts
 * const { stateMachine, logGroup } = pipelineStateMachine(this, { stateMachineName, comment, definition, timeout, logRetention, logKey, removalPolicy });
 * ```
 */
export function pipelineStateMachine(
  scope: Construct,
  props: PipelineStateMachineProps,
): PipelineStateMachine {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: props.logRetention,
    encryptionKey: props.logKey,
    removalPolicy: props.removalPolicy,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: props.stateMachineName,
    comment: props.comment,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    tracingEnabled: true,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  // The role StateMachine makes takes no path prop; its resource does.
  (stateMachine.role.node.defaultChild as iam.CfnRole).path = props.rolePath;
  acknowledgeTaskWildcards(stateMachine);
  if (props.schedule === undefined) return { stateMachine, logGroup };
  const scheduleRule = new events.Rule(scope, 'Schedule', {
    description: props.schedule.description,
    schedule: events.Schedule.expression(props.schedule.expression),
    targets: [new targets.SfnStateMachine(stateMachine, { input: events.RuleTargetInput.fromObject({}) })],
  });
  return { stateMachine, logGroup, scheduleRule };
}
