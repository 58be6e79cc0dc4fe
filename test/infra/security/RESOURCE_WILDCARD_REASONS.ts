const XRAY =
  'Tracing: X-Ray defines no resource type for its trace and sampling actions (Service Authorization Reference, "Actions, resources, and condition keys for AWS X-Ray"; the AWS managed AWSXRayDaemonWriteAccess grants them on "*").';
const LAMBDA_VPC =
  'A function in a VPC: Lambda names the network interfaces it creates, and ec2:DescribeNetworkInterfaces has no resource type (Lambda Developer Guide, "Giving Lambda functions access to resources in an Amazon VPC", execution role permissions; AWSLambdaVPCAccessExecutionRole grants the five on "*").';
const STATES_LOGGING =
  'A state machine logging to CloudWatch Logs: the log delivery actions take "*" (Step Functions Developer Guide, "Logging using CloudWatch Logs", IAM policies for logging to CloudWatch Logs, https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).';
const EC2_DESCRIBE =
  'EC2 Describe actions list and read only and have no resource type (Service Authorization Reference, "Actions, resources, and condition keys for Amazon EC2": ec2:DescribeManagedPrefixLists names none).';
const RDS_EXPORT =
  'RDS snapshot export: the export task actions are granted on "*" as RDS documents them (Service Authorization Reference, "Actions, resources, and condition keys for Amazon RDS", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html).';

/**
 * Why an action may be granted on `Resource: "*"`, keyed by action: each reason cites the AWS
 * page that says the action has no resource-level permission (or needs `*`). An action missing
 * here fails `sourceConfinement.test.ts` wherever a policy grants it on `*`.
 */
export const RESOURCE_WILDCARD_REASONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': XRAY,
  'xray:PutTelemetryRecords': XRAY,
  'xray:GetSamplingRules': XRAY,
  'xray:GetSamplingTargets': XRAY,
  'ec2:CreateNetworkInterface': LAMBDA_VPC,
  'ec2:DescribeNetworkInterfaces': LAMBDA_VPC,
  'ec2:DeleteNetworkInterface': LAMBDA_VPC,
  'ec2:AssignPrivateIpAddresses': LAMBDA_VPC,
  'ec2:UnassignPrivateIpAddresses': LAMBDA_VPC,
  'logs:CreateLogDelivery': STATES_LOGGING,
  'logs:GetLogDelivery': STATES_LOGGING,
  'logs:UpdateLogDelivery': STATES_LOGGING,
  'logs:DeleteLogDelivery': STATES_LOGGING,
  'logs:ListLogDeliveries': STATES_LOGGING,
  'logs:PutResourcePolicy': STATES_LOGGING,
  'logs:DescribeResourcePolicies': STATES_LOGGING,
  'logs:DescribeLogGroups': STATES_LOGGING,
  'ec2:DescribeManagedPrefixLists': EC2_DESCRIBE,
  'rds:StartExportTask': RDS_EXPORT,
  'rds:DescribeExportTasks': RDS_EXPORT,
  'rds:CancelExportTask': RDS_EXPORT,
};

/**
 * Why a KMS key policy names `Resource: "*"`: in a key policy `*` is the key the policy is
 * attached to, no other (AWS KMS Developer Guide, "Creating a key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
 */
export const KEY_POLICY_REASON =
  'A key policy applies to its own key only: its Resource "*" means "this KMS key" (AWS KMS Developer Guide, "Creating a key policy").';
