import type { DeployRule, DeployRuleViolation } from './DeployRule';
import { resourcesOfType, type SynthesizedStack } from './SynthesizedStack';
import { TemplateValues } from './TemplateValues';

/** Where a security group lives, as far as the templates tell. */
type GroupVpc =
  /** A VPC the app creates (`<stack>/<logical id>`) or imports by id (`vpc-…`). */
  | { readonly kind: 'vpc'; readonly vpc: string; readonly created: boolean }
  /** A group the app only names by id (`sg-…`): it lives in a VPC the templates do not show. */
  | { readonly kind: 'external'; readonly groupId: string }
  | { readonly kind: 'unknown' };

/** One rule that lets a security group talk to another. */
interface GroupReference {
  readonly stack: string;
  readonly resource: string;
  readonly group: unknown;
  readonly peer: unknown;
}

/**
 * A security group rule may name another security group only in the same VPC or a peered
 * one ("Update your security groups to reference peer security groups", VPC Peering Guide);
 * the lake creates no peering, so both groups of every rule must share a VPC. A group the
 * app names only by id (an Aurora cluster's) lives in the database's VPC, which a VPC the
 * app creates can never be: it may only be paired with groups of an imported VPC, which the
 * config requires to be the database's (network.vpcId).
 */
export const securityGroupVpcs: DeployRule = {
  id: 'security-group-same-vpc',
  documentation: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html',
  check(stacks) {
    const values = new TemplateValues(stacks);
    const vpcOf = (stack: string, group: unknown): GroupVpc => groupVpc(values, stack, group);
    return stacks.flatMap(groupReferences).flatMap((reference): DeployRuleViolation[] => {
      const group = vpcOf(reference.stack, reference.group);
      const peer = vpcOf(reference.stack, reference.peer);
      const problem = crossVpcProblem(group, peer) ?? crossVpcProblem(peer, group);
      return problem === undefined
        ? []
        : [
            {
              rule: securityGroupVpcs.id,
              stack: reference.stack,
              resource: reference.resource,
              message: problem,
            },
          ];
    });
  },
};

function crossVpcProblem(a: GroupVpc, b: GroupVpc): string | undefined {
  if (a.kind === 'vpc' && b.kind === 'vpc' && a.vpc !== b.vpc) {
    return `pairs security groups of two VPCs (${a.vpc} and ${b.vpc}); EC2 refuses security-group references across VPCs that are not peered`;
  }
  if (a.kind === 'external' && b.kind === 'vpc' && b.created) {
    return `pairs ${a.groupId}, a security group outside the app, with a group of the VPC the app creates (${b.vpc}); that VPC cannot hold ${a.groupId}: run the lake in the database's VPC (network.vpcId)`;
  }
  return undefined;
}

function groupVpc(values: TemplateValues, stackName: string, group: unknown): GroupVpc {
  const resolved = values.resolve(stackName, group);
  if (resolved.kind === 'literal') return { kind: 'external', groupId: resolved.text };
  if (resolved.kind !== 'resource') return { kind: 'unknown' };
  const resource = values.stack(resolved.stack)?.template.Resources?.[resolved.logicalId];
  if (resource?.Type !== 'AWS::EC2::SecurityGroup') return { kind: 'unknown' };
  const vpc = values.resolve(resolved.stack, resource.Properties?.VpcId);
  if (vpc.kind === 'literal') return { kind: 'vpc', vpc: vpc.text, created: false };
  if (vpc.kind === 'resource') return { kind: 'vpc', vpc: `${vpc.stack}/${vpc.logicalId}`, created: true };
  return { kind: 'unknown' };
}

function groupReferences(stack: SynthesizedStack): GroupReference[] {
  const at = (resource: string, group: unknown, peer: unknown): GroupReference[] =>
    peer === undefined ? [] : [{ stack: stack.stackName, resource, group, peer }];
  const separate = [
    ...resourcesOfType(stack, 'AWS::EC2::SecurityGroupIngress').flatMap(([id, rule]) =>
      at(id, rule.Properties?.GroupId, rule.Properties?.SourceSecurityGroupId),
    ),
    ...resourcesOfType(stack, 'AWS::EC2::SecurityGroupEgress').flatMap(([id, rule]) =>
      at(id, rule.Properties?.GroupId, rule.Properties?.DestinationSecurityGroupId),
    ),
  ];
  const inline = resourcesOfType(stack, 'AWS::EC2::SecurityGroup').flatMap(([id, group]) => {
    const self = { 'Fn::GetAtt': [id, 'GroupId'] };
    const ingress = (group.Properties?.SecurityGroupIngress as { SourceSecurityGroupId?: unknown }[]) ?? [];
    const egress =
      (group.Properties?.SecurityGroupEgress as { DestinationSecurityGroupId?: unknown }[]) ?? [];
    return [
      ...ingress.flatMap((rule) => at(id, self, rule.SourceSecurityGroupId)),
      ...egress.flatMap((rule) => at(id, self, rule.DestinationSecurityGroupId)),
    ];
  });
  return [...separate, ...inline];
}
