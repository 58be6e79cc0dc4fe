import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What a function's execution role needs for Lambda to place the function in a VPC. Lambda
 * checks them when the function is created ("The provided execution role does not have
 * permissions to call CreateNetworkInterface on EC2") and uses them to manage its network
 * interfaces. The Lambda Developer Guide lists these five ("Giving Lambda functions access to
 * resources in an Amazon VPC", execution role permissions); `DescribeNetworkInterfaces` only
 * works on `Resource: "*"`, and `DeleteNetworkInterface` needs every interface the function may
 * get, so the statement is on `*` as in the AWS managed policy `AWSLambdaVPCAccessExecutionRole`.
 */
export const LAMBDA_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/**
 * Grants `role` the EC2 actions Lambda needs to run a function with this role in a VPC.
 * aws-cdk-lib attaches `AWSLambdaVPCAccessExecutionRole` only to a role it creates itself; a
 * function given its own role (least privilege, no managed policy) needs this instead. The
 * function depends on its role, so CloudFormation creates the policy before the function.
 *
 * @example
 * ```ts
 * const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
 * grantLambdaNetworkInterfaces(role);
 * new lambda.Function(this, 'Fn', { role, vpc, ... });
 * ```
 */
export function grantLambdaNetworkInterfaces(role: iam.IRole): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee: role, actions: [...LAMBDA_VPC_ACTIONS], resourceArns: ['*'] });
}
