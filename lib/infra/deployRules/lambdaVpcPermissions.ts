import { LAMBDA_VPC_ACTIONS } from '../network/grantLambdaNetworkInterfaces';
import type { DeployRule, DeployRuleViolation } from './DeployRule';
import { allowsOnAnyResource, managedPolicyArns, roleStatements } from './policyStatements';
import { dependsOn, resourcesOfType, type SynthesizedStack } from './SynthesizedStack';
import { TemplateValues } from './TemplateValues';

/** AWS managed policies that hold every action of {@link LAMBDA_VPC_ACTIONS}. */
const VPC_MANAGED_POLICIES = ['AWSLambdaVPCAccessExecutionRole', 'AWSLambdaENIManagementAccess'];

/**
 * A function placed in a VPC needs its execution role to allow the EC2 network-interface
 * actions, granted before the function is created: Lambda checks them in CreateFunction
 * ("The provided execution role does not have permissions to call CreateNetworkInterface on
 * EC2"), so a policy CloudFormation attaches in parallel with the function is too late.
 */
export const lambdaVpcPermissions: DeployRule = {
  id: 'lambda-vpc-permissions',
  documentation:
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions',
  check(stacks) {
    const values = new TemplateValues(stacks);
    return stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::Lambda::Function').flatMap(([logicalId, fn]) => {
        const vpcConfig = fn.Properties?.VpcConfig as { SubnetIds?: unknown } | undefined;
        if (vpcConfig?.SubnetIds === undefined) return [];
        const violation = (message: string): DeployRuleViolation[] => [
          { rule: lambdaVpcPermissions.id, stack: stack.stackName, resource: logicalId, message },
        ];
        const role = values.resolve(stack.stackName, fn.Properties?.Role);
        if (role.kind !== 'resource' || role.stack !== stack.stackName) {
          return violation(
            'runs in a VPC with an execution role defined outside its stack: its EC2 permissions cannot be checked',
          );
        }
        return missingActions(stack, role.logicalId, dependsOn(fn), values).flatMap(violation);
      }),
    );
  },
};

/** What the role lacks for the function, or what the function does not wait for. */
function missingActions(
  stack: SynthesizedStack,
  roleLogicalId: string,
  functionDependsOn: readonly string[],
  values: TemplateValues,
): string[] {
  const managed = managedPolicyArns(stack, roleLogicalId, values);
  if (managed.some((arn) => VPC_MANAGED_POLICIES.some((name) => arn.endsWith(`/${name}`)))) return [];
  const statements = roleStatements(stack, roleLogicalId);
  return LAMBDA_VPC_ACTIONS.flatMap((action) => {
    const granting = statements.filter(({ statement }) => allowsOnAnyResource(statement, action));
    if (granting.length === 0) {
      return [`runs in a VPC but its role ${roleLogicalId} does not allow ${action} on "*"`];
    }
    const inTime = granting.some(
      ({ policyLogicalId }) => policyLogicalId === undefined || functionDependsOn.includes(policyLogicalId),
    );
    return inTime
      ? []
      : [
          `runs in a VPC but does not depend on ${granting.map((g) => g.policyLogicalId).join(' or ')}, which grants ${action}: CreateFunction may run before it exists`,
        ];
  });
}
