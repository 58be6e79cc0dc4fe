import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
// Deep import on purpose, as in acknowledgeGrantWildcards: finding ids must be spelled the
// way the pinned cdk-nag flattens intrinsics.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { replicaRunKeyPattern } from '../../core/orchestration/replicaRunKeys';

/** Why each task action's wildcard resource is as narrow as it can be. */
const TASK_WILDCARDS: Readonly<Record<string, string>> = {
  'lambda:InvokeFunction':
    "the pipeline's own functions and their versions (`<function ARN>:*`), as LambdaInvoke grants them",
  'rds:CreateDBSnapshot': 'only snapshots named after this source’s export tasks (`<lake>-<source>-*`)',
  'rds:DescribeDBSnapshots': 'only snapshots named after this source’s export tasks (`<lake>-<source>-*`)',
  'states:DescribeExecution': "the Distributed Map's child executions of this state machine only",
  'states:StopExecution': "the Distributed Map's child executions of this state machine only",
  'states:RedriveExecution': "the Distributed Map's child executions of this state machine only",
  's3:DeleteObject': `this source's stored replica runs only (\`${replicaRunKeyPattern('<source>')}\`), one folder per run`,
};

interface ResolvedStatement {
  readonly Action: string | string[];
  readonly Resource?: unknown;
}

/**
 * Acknowledges the cdk-nag `AwsSolutions-IAM5` findings of the policies under
 * `stateMachine` that its task states produce with scoped wildcards (see
 * `TASK_WILDCARDS`): only statements whose every action is listed there, and only their
 * wildcard resources. Computed at validation time, like `acknowledgeGrantWildcards`, so
 * the ids match the template cdk-nag reads.
 */
export function acknowledgeTaskWildcards(stateMachine: sfn.StateMachine): void {
  // The role is the state machine's child unless one was given to it: then its policies are the role's.
  const within = (scope: IConstruct) => scope.node.path.startsWith(`${stateMachine.node.path}/`);
  const scopes = within(stateMachine.role) ? [stateMachine] : [stateMachine, stateMachine.role];
  for (const scope of scopes) acknowledgeWithin(scope);
}

function acknowledgeWithin(scope: IConstruct): void {
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      const acknowledgements = new Map<string, string>();
      for (const policy of scope.node.findAll().filter((c): c is iam.Policy => c instanceof iam.Policy)) {
        const document = stack.resolve(policy.document) as { Statement?: ResolvedStatement[] };
        for (const statement of document.Statement ?? []) {
          const actions = [statement.Action].flat();
          if (!actions.every((action) => TASK_WILDCARDS[action] !== undefined)) continue;
          const reason = actions.map((action) => TASK_WILDCARDS[action]).join('; ');
          for (const resource of [statement.Resource].flat()) {
            const flat = flattenCfnReference(resource);
            if (flat.includes('*')) acknowledgements.set(`AwsSolutions-IAM5[Resource::${flat}]`, reason);
          }
        }
      }
      const list = [...acknowledgements].map(([id, reason]) => ({
        id,
        reason: `Task state wildcard: ${reason}.`,
      }));
      if (list.length > 0) Validations.of(scope).acknowledge(...list);
      return [];
    },
  });
}
