import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { DataLakeConfig, SourceConfig } from '../../config';
import { pipelineConfig } from '../stateMachine/pipelineConfig';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import { REPLICA_CONNECTION_ERRORS, replicaConnectionRetry } from './replicaConnectionRetry';

/** Props of {@link replicaPlanStates}. */
export interface ReplicaPlanStatesProps {
  readonly config: DataLakeConfig;
  readonly source: SourceConfig;
  /** The replica plan Lambda (`lambdas/replica-plan`): steps `lag` and `plan`. */
  readonly plan: lambda.IFunction;
  /** The first wait before checking the lag again. */
  readonly lagRetryInterval: Duration;
  /** Lag checks in all, the first included. */
  readonly lagCheckAttempts: number;
  /** Where the run goes once `$.plan` holds the `ReplicaRunManifest`. */
  readonly next: sfn.IChainable;
}

/** The longest wait between two lag checks. */
const MAX_LAG_WAIT = Duration.minutes(15);

/**
 * The states from a named run (`$.run.runId`) to its plan in `$.plan`: check the replica's lag
 * first (a `ReplicaLagError` retries with doubling, fully jittered waits, then ends the run in
 * `Replica lagging` with the error's cause: the lag and the allowed maximum), then plan every table:
 * the plan stores the run's lists in its runs bucket and returns their `ReplicaRunManifest`, which
 * stays small whatever the number of tables and chunks; a plan that fails ends in `Plan failed`
 * with its cause.
 */
export function replicaPlanStates(scope: Construct, props: ReplicaPlanStatesProps): sfn.IChainable {
  const checkLag = new tasks.LambdaInvoke(scope, 'Check the replica lag', {
    lambdaFunction: props.plan,
    payload: sfn.TaskInput.fromObject({
      step: 'lag',
      source: props.source.name,
      maxLagSeconds: props.source.replica.maxLagSeconds,
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: '$.lag',
  });
  checkLag.addRetry({
    errors: ['ReplicaLagError'],
    interval: props.lagRetryInterval,
    backoffRate: 2,
    maxDelay: MAX_LAG_WAIT,
    maxAttempts: props.lagCheckAttempts - 1,
    jitterStrategy: sfn.JitterType.FULL,
  });
  checkLag.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  checkLag.addRetry(replicaConnectionRetry(REPLICA_CONNECTION_ERRORS));
  const lagging = new sfn.Fail(scope, 'Replica lagging', {
    error: 'ReplicaLagging',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  const plan = new tasks.LambdaInvoke(scope, 'Plan the run', {
    lambdaFunction: props.plan,
    payload: sfn.TaskInput.fromObject({
      step: 'plan',
      config: pipelineConfig(props.config, props.source),
      source: props.source.name,
      runId: sfn.JsonPath.stringAt('$.run.runId'),
      runStart: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: '$.plan',
  });
  plan.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  plan.addRetry(replicaConnectionRetry(REPLICA_CONNECTION_ERRORS));
  const planFailed = new sfn.Fail(scope, 'Plan failed', {
    error: 'PlanFailed',
    causePath: sfn.JsonPath.stringAt('$.error.Cause'),
  });

  checkLag.addCatch(lagging, { errors: ['ReplicaLagError'], resultPath: '$.error' });
  checkLag.addCatch(planFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
  plan.addCatch(planFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
  return checkLag.next(plan).next(props.next);
}
