import type { DeployRule, DeployRuleViolation } from './DeployRule';
import type { SynthesizedStack } from './SynthesizedStack';
import { TemplateValues } from './TemplateValues';

/** One name AWS limits: where it is in a resource's properties, its longest length and its characters. */
export interface NameLimit {
  readonly resourceType: string;
  /** The property path, e.g. `['DatabaseInput', 'Name']`. */
  readonly property: readonly string[];
  readonly maxLength: number;
  readonly minLength?: number;
  /** What the whole name must match. */
  readonly pattern?: RegExp;
  /** The API reference page that states the limit. */
  readonly documentation: string;
}

/** The names of the resources the lake creates, with AWS's limits from each service's API reference. */
export const NAME_LIMITS: readonly NameLimit[] = [
  {
    resourceType: 'AWS::IAM::Role',
    property: ['RoleName'],
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    documentation: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  },
  {
    resourceType: 'AWS::IAM::Role',
    property: ['Description'],
    maxLength: 1000,
    documentation: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  },
  {
    resourceType: 'AWS::Lambda::Function',
    property: ['FunctionName'],
    maxLength: 64,
    pattern: /^[a-zA-Z0-9_-]+$/,
    documentation: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
  },
  {
    resourceType: 'AWS::Lambda::Function',
    property: ['Description'],
    maxLength: 256,
    documentation: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
  },
  {
    resourceType: 'AWS::StepFunctions::StateMachine',
    property: ['StateMachineName'],
    maxLength: 80,
    pattern: /^[a-zA-Z0-9_-]+$/,
    documentation:
      'https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html',
  },
  {
    resourceType: 'AWS::Athena::WorkGroup',
    property: ['Name'],
    maxLength: 128,
    pattern: /^[a-zA-Z0-9._-]+$/,
    documentation: 'https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html',
  },
  {
    resourceType: 'AWS::Glue::Database',
    property: ['DatabaseInput', 'Name'],
    maxLength: 255,
    pattern: /^[a-z0-9_]+$/,
    documentation: 'https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html',
  },
  {
    resourceType: 'AWS::Glue::Table',
    property: ['TableInput', 'Name'],
    maxLength: 255,
    pattern: /^[a-z0-9_]+$/,
    documentation: 'https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html',
  },
  {
    resourceType: 'AWS::Kinesis::Stream',
    property: ['Name'],
    maxLength: 128,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    documentation: 'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html',
  },
  {
    resourceType: 'AWS::KinesisFirehose::DeliveryStream',
    property: ['DeliveryStreamName'],
    maxLength: 64,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    documentation: 'https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html',
  },
  {
    resourceType: 'AWS::SQS::Queue',
    property: ['QueueName'],
    maxLength: 80,
    pattern: /^[a-zA-Z0-9_-]+(\.fifo)?$/,
    documentation:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html',
  },
  {
    resourceType: 'AWS::MSK::ServerlessCluster',
    property: ['ClusterName'],
    maxLength: 64,
    pattern: /^[0-9A-Za-z][0-9A-Za-z-]*$/,
    documentation: 'https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html',
  },
  {
    resourceType: 'AWS::Events::Rule',
    property: ['Name'],
    maxLength: 64,
    pattern: /^[.\-_A-Za-z0-9]+$/,
    documentation: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html',
  },
  {
    resourceType: 'AWS::Logs::LogGroup',
    property: ['LogGroupName'],
    maxLength: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    documentation:
      'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  },
  {
    resourceType: 'AWS::RDS::DBInstance',
    property: ['DBInstanceIdentifier'],
    maxLength: 63,
    pattern: /^[a-zA-Z](-?[a-zA-Z0-9])*$/,
    documentation: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  },
  {
    resourceType: 'AWS::RDS::DBClusterEndpoint',
    property: ['DBClusterEndpointIdentifier'],
    maxLength: 63,
    pattern: /^[a-zA-Z](-?[a-zA-Z0-9])*$/,
    documentation:
      'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBClusterEndpoint.html',
  },
  {
    resourceType: 'AWS::Cognito::IdentityPool',
    property: ['IdentityPoolName'],
    maxLength: 128,
    pattern: /^[\w\s+=,.@-]+$/,
    documentation:
      'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html',
  },
  {
    resourceType: 'AWS::EC2::SecurityGroup',
    property: ['GroupDescription'],
    maxLength: 255,
    documentation: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
  },
  {
    resourceType: 'AWS::S3::Bucket',
    property: ['BucketName'],
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
  },
  {
    resourceType: 'AWS::SecretsManager::Secret',
    property: ['Name'],
    maxLength: 512,
    documentation: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  },
  {
    // The API reference gives ReplicationConfigIdentifier no rule of its own; a serverless
    // replication runs as a replication task, whose identifier "must contain 1-255 alphanumeric
    // characters or hyphens", starts with a letter, and "cannot end with a hyphen or contain two
    // consecutive hyphens" (CreateReplicationTask): the stricter known rule is held here.
    resourceType: 'AWS::DMS::ReplicationConfig',
    property: ['ReplicationConfigIdentifier'],
    maxLength: 255,
    pattern: /^[a-zA-Z](-?[a-zA-Z0-9])*$/,
    documentation: 'https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationTask.html',
  },
  {
    resourceType: 'AWS::KMS::Alias',
    property: ['AliasName'],
    maxLength: 256,
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    documentation: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
  },
];

/**
 * Every physical name the templates set is within AWS's length and character limits
 * ({@link NAME_LIMITS}); aws-cdk-lib itself refuses stack names CloudFormation would. Names with
 * pseudo parameters are checked at their longest plausible values; names CloudFormation
 * generates are left alone.
 */
export const nameLimits: DeployRule = {
  id: 'name-limits',
  documentation: 'the API reference page named with each violation',
  check(stacks) {
    const values = new TemplateValues(stacks);
    return stacks.flatMap((stack) => resourceNameViolations(stack, values));
  },
};

function resourceNameViolations(stack: SynthesizedStack, values: TemplateValues): DeployRuleViolation[] {
  return Object.entries(stack.template.Resources ?? {}).flatMap(([logicalId, resource]) =>
    NAME_LIMITS.filter((limit) => limit.resourceType === resource.Type).flatMap((limit) => {
      const raw = limit.property.reduce<unknown>(
        (node, key) => (node as Record<string, unknown> | undefined)?.[key],
        resource.Properties,
      );
      if (raw === undefined) return [];
      const name = values.resolve(stack.stackName, raw);
      if (name.kind !== 'literal') return [];
      const problem = nameProblem(name.text, limit);
      return problem === undefined
        ? []
        : [{ rule: nameLimits.id, stack: stack.stackName, resource: logicalId, message: problem }];
    }),
  );
}

function nameProblem(name: string, limit: NameLimit): string | undefined {
  const what = `${limit.resourceType} ${limit.property.join('.')} "${name}"`;
  const length = [...name].length;
  if (length > limit.maxLength) {
    return `${what} has ${length} characters; AWS allows at most ${limit.maxLength} (${limit.documentation})`;
  }
  if (length < (limit.minLength ?? 1)) {
    return `${what} has ${length} characters; AWS needs at least ${limit.minLength ?? 1} (${limit.documentation})`;
  }
  if (limit.pattern !== undefined && !limit.pattern.test(name)) {
    return `${what} does not match ${limit.pattern}, the characters AWS allows (${limit.documentation})`;
  }
  return undefined;
}
