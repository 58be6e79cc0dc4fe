/**
 * Schemas of AWS identifiers in the config, checked against the shape AWS
 * accepts so a typo fails before `cdk deploy` rather than in CloudFormation.
 */
import { patternString } from './patternString';

/** An AWS account id: exactly 12 digits, as a string (YAML reads a bare number otherwise). */
export const accountIdSchema = patternString(
  /^\d{12}$/,
  '12 digits as a string, quoted in YAML ("123456789012")',
);

/** An AWS region code such as `eu-west-1` or `us-gov-west-1`. */
export const regionSchema = patternString(
  /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
  'an AWS region code such as "eu-west-1" (^[a-z]{2}(-[a-z]+)+-\\d{1,2}$)',
);

/** A VPC id: `vpc-` and 8 or 17 hex digits. */
export const vpcIdSchema = patternString(
  /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/,
  '"vpc-" then 8 or 17 lower-case hex digits (^vpc-([0-9a-f]{8}|[0-9a-f]{17})$)',
);

/** A subnet id: `subnet-` and 8 or 17 hex digits. */
export const subnetIdSchema = patternString(
  /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/,
  '"subnet-" then 8 or 17 lower-case hex digits (^subnet-([0-9a-f]{8}|[0-9a-f]{17})$)',
);

/** A route table id: `rtb-` and 8 or 17 hex digits. */
export const routeTableIdSchema = patternString(
  /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/,
  '"rtb-" then 8 or 17 lower-case hex digits (^rtb-([0-9a-f]{8}|[0-9a-f]{17})$)',
);

/** An IPv4 CIDR block such as `10.0.0.0/16`; VPCs take /16 to /28. */
export const ipv4CidrSchema = patternString(
  /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(1[6-9]|2[0-8])$/,
  'an IPv4 CIDR block from /16 to /28, such as "10.0.0.0/16"',
);

/** A security group id: `sg-` and 8 or 17 hex digits. */
export const securityGroupIdSchema = patternString(
  /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/,
  '"sg-" then 8 or 17 lower-case hex digits (^sg-([0-9a-f]{8}|[0-9a-f]{17})$)',
);

/** An Aurora cluster resource id, e.g. `cluster-ABCDEFGHIJKL0123456789`: not the cluster's name. */
export const clusterResourceIdSchema = patternString(
  /^cluster-[A-Z0-9]+$/,
  '"cluster-" then upper-case letters and digits (the DbClusterResourceId, not the cluster name)',
);

/** An Availability Zone name such as `eu-west-1a`. */
export const availabilityZoneSchema = patternString(
  /^[a-z]{2}(-[a-z]+)+-\d{1,2}[a-z]$/,
  'an Availability Zone name such as "eu-west-1a"',
);

/**
 * The complete ARN of a Secrets Manager secret, including the 6-character suffix
 * AWS appends to the name: IAM grants on a partial ARN do not match the secret.
 */
export const secretArnSchema = patternString(
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
  'a complete Secrets Manager secret ARN, arn:aws:secretsmanager:<region>:<12-digit account>:secret:<name>-<6 characters>',
);

/**
 * The ARN of an IAM role or user (path allowed), e.g. `arn:aws:iam::123456789012:role/analysts/Alice`.
 * Not an account (`:root`): a principal named here is trusted alone, not the whole account.
 */
export const iamPrincipalArnSchema = patternString(
  /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/,
  'an IAM role or user ARN, arn:aws:iam::<12-digit account>:role/<name> or :user/<name> (not an account root)',
);

/**
 * An RDS DB instance or Aurora cluster identifier: a letter, then letters,
 * digits and single hyphens, no trailing hyphen, at most 63 characters.
 */
export const dbIdentifierSchema = patternString(
  /^(?=.{1,63}$)[a-zA-Z](-?[a-zA-Z0-9])*$/,
  'a letter, then letters, digits or single "-", no trailing "-", at most 63 characters',
);

/** An RDS instance class without the `db.` prefix, e.g. `r6g.large` (CDK's `InstanceType` form). */
export const instanceClassSchema = patternString(
  /^[a-z0-9]+\.[a-z0-9]+$/,
  'an instance class without the "db." prefix, such as "t4g.medium" or "r6g.large" (^[a-z0-9]+\\.[a-z0-9]+$)',
);
