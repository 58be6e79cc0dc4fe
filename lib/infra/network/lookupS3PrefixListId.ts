import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { sdkCallResource } from '../lambda/sdkCallResource';

/** Where the prefix list id is in the `DescribeManagedPrefixLists` response. */
const PREFIX_LIST_ID = 'PrefixLists.0.PrefixListId';

/** Props of {@link lookupS3PrefixListId}. */
export interface S3PrefixListLookupProps {
  /** The key the lookup function's log group is encrypted with. */
  readonly logEncryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The name AWS gives the S3 prefix list of `region` ("AWS-managed prefix lists", Amazon VPC
 * User Guide: Amazon S3, `com.amazonaws.<region>.s3`).
 */
export function s3PrefixListName(region: string): string {
  return `com.amazonaws.${region}.s3`;
}

/**
 * The id (`pl-…`) of the region's AWS-managed S3 prefix list, which a security group rule names
 * to let traffic reach S3 through a gateway endpoint ("Gateway endpoints for Amazon S3",
 * considerations: "You can reference the ID of the prefix list for Amazon S3 in security group
 * rules"). The id differs per region and partition and CloudFormation has no attribute for it,
 * so it is read at deploy time with `ec2:DescribeManagedPrefixLists` filtered on
 * `prefix-list-name` (EC2 API Reference), instead of a context lookup that would need the
 * account's credentials at synth.
 *
 * @returns a deploy-time token
 * @example
 * ```ts
 * fn.connections.allowTo(ec2.Peer.prefixList(lookupS3PrefixListId(this, 'S3PrefixList', props)), ec2.Port.tcp(443));
 * ```
 */
export function lookupS3PrefixListId(scope: Construct, id: string, props: S3PrefixListLookupProps): string {
  const name = s3PrefixListName(Stack.of(scope).region);
  const lookup = sdkCallResource(scope, id, {
    call: {
      service: 'EC2',
      action: 'DescribeManagedPrefixLists',
      parameters: { Filters: [{ Name: 'prefix-list-name', Values: [name] }] },
      physicalResourceId: cr.PhysicalResourceId.of(name),
      outputPaths: [PREFIX_LIST_ID],
    },
    resources: ['*'],
    anyResourceReason:
      'ec2:DescribeManagedPrefixLists, like the other EC2 Describe actions, has no resource-level permissions; the call reads only the public S3 prefix list.',
    description: `Looks up the id of the S3 prefix list ${name}`,
    ...props,
  });
  return lookup.getResponseField(PREFIX_LIST_ID);
}
