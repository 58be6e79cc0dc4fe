import { join } from 'node:path';
import { type DataLakeConfig, loadConfig } from '../../../lib/config';
import { stackName } from '../../../lib/core/naming';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { type SynthesizedStack, synthesizedStacks, TemplateValues } from '../../../lib/infra/deployRules';
import { actionMatches, roleStatements } from '../../../lib/infra/deployRules/policyStatements';
import { resourcesOfType } from '../../../lib/infra/deployRules/SynthesizedStack';
import { CONFIG_DIR, EXAMPLE_CONFIGS } from '../../helpers/exampleConfigs';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/**
 * The lake's network perimeter, read from the synthesized templates of every shipped config:
 * functions in the VPC reach only what they use, MSK admits only its clients, and every VPC
 * endpoint confines what it serves to the lake's resources.
 */

interface Lake {
  readonly config: DataLakeConfig;
  readonly stacks: readonly SynthesizedStack[];
  readonly values: TemplateValues;
}

interface EgressRule {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly CidrIp?: string;
  readonly CidrIpv6?: string;
  readonly DestinationSecurityGroupId?: unknown;
  readonly DestinationPrefixListId?: unknown;
}

interface IngressRule {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly SourceSecurityGroupId?: unknown;
  readonly CidrIp?: string;
}

const lakes = new Map<string, Lake>();

/** The synthesized lake of a shipped config (synthesized once per file). */
function lakeOf(file: string): Lake {
  const cached = lakes.get(file);
  if (cached) return cached;
  const config = loadConfig(join(CONFIG_DIR, file));
  const app = testApp();
  createDataLake(app, config, TEST_ENV);
  const stacks = synthesizedStacks(app.synth());
  const lake = { config, stacks, values: new TemplateValues(stacks) };
  lakes.set(file, lake);
  return lake;
}

/** `<stack>/<logical id>` of a resource reference, the literal of a literal, or `unknown`. */
function label(lake: Lake, stack: string, value: unknown): string {
  const resolved = lake.values.resolve(stack, value);
  if (resolved.kind === 'literal') return resolved.text;
  if (resolved.kind === 'resource') return `${resolved.stack}/${resolved.logicalId}`;
  return 'unknown';
}

function ports(rule: { IpProtocol?: string; FromPort?: number; ToPort?: number }): string {
  return `${rule.IpProtocol}/${rule.FromPort}-${rule.ToPort}`;
}

/** Every egress rule of the security group `group` (`<stack>/<logical id>`), inline or separate. */
function egressOf(lake: Lake, group: string): string[] {
  const [stack, logicalId] = group.split('/');
  const resource = lake.values.stack(stack)?.template.Resources?.[logicalId];
  const inline = (resource?.Properties?.SecurityGroupEgress as EgressRule[] | undefined) ?? [];
  const separate = lake.stacks.flatMap((s) =>
    resourcesOfType(s, 'AWS::EC2::SecurityGroupEgress')
      .filter(([, rule]) => label(lake, s.stackName, rule.Properties?.GroupId) === group)
      .map(([, rule]) => ({ stack: s.stackName, rule: rule.Properties as EgressRule })),
  );
  return [...inline.map((rule) => ({ stack, rule })), ...separate].map(({ stack: at, rule }) => {
    if (rule.DestinationSecurityGroupId !== undefined) {
      return `${ports(rule)} -> sg ${label(lake, at, rule.DestinationSecurityGroupId)}`;
    }
    if (rule.DestinationPrefixListId !== undefined) {
      return `${ports(rule)} -> prefix list ${label(lake, at, rule.DestinationPrefixListId)}`;
    }
    return `${ports(rule)} -> ${rule.CidrIp ?? rule.CidrIpv6}`;
  });
}

/** Every ingress rule of the security group `group`, inline or separate, as `ports <- source`. */
function ingressOf(lake: Lake, group: string): string[] {
  const [stack, logicalId] = group.split('/');
  const resource = lake.values.stack(stack)?.template.Resources?.[logicalId];
  const inline = ((resource?.Properties?.SecurityGroupIngress as IngressRule[] | undefined) ?? []).map(
    (rule) => ({ stack, rule }),
  );
  const separate = lake.stacks.flatMap((s) =>
    resourcesOfType(s, 'AWS::EC2::SecurityGroupIngress')
      .filter(([, rule]) => label(lake, s.stackName, rule.Properties?.GroupId) === group)
      .map(([, rule]) => ({ stack: s.stackName, rule: rule.Properties as IngressRule })),
  );
  return [...inline, ...separate].map(
    ({ stack: at, rule }) =>
      `${ports(rule)} <- ${rule.SourceSecurityGroupId === undefined ? rule.CidrIp : `sg ${label(lake, at, rule.SourceSecurityGroupId)}`}`,
  );
}

/** The one resource of `type` in `stack` whose template text contains `marker`, as `<stack>/<logical id>`. */
function resourceWith(lake: Lake, stack: string, type: string, marker: string): string | undefined {
  const synthesized = lake.values.stack(stack);
  if (!synthesized) return undefined;
  const found = resourcesOfType(synthesized, type).filter(([, r]) => JSON.stringify(r).includes(marker));
  return found.length === 1 ? `${stack}/${found[0][0]}` : undefined;
}

interface VpcFunction {
  readonly stack: string;
  readonly logicalId: string;
  readonly securityGroups: readonly string[];
  readonly environment: Record<string, unknown>;
  readonly kafkaClient: boolean;
}

function vpcFunctions(lake: Lake): VpcFunction[] {
  return lake.stacks.flatMap((stack) =>
    resourcesOfType(stack, 'AWS::Lambda::Function').flatMap(([logicalId, fn]) => {
      const vpcConfig = fn.Properties?.VpcConfig as { SecurityGroupIds?: unknown[] } | undefined;
      if (vpcConfig === undefined) return [];
      const role = lake.values.resolve(stack.stackName, fn.Properties?.Role);
      const statements = role.kind === 'resource' ? roleStatements(stack, role.logicalId) : [];
      const kafkaClient = statements.some(({ statement }) =>
        [statement.Action ?? []].flat().some((action) => actionMatches(action, 'kafka-cluster:Connect')),
      );
      return [
        {
          stack: stack.stackName,
          logicalId,
          securityGroups: (vpcConfig.SecurityGroupIds ?? []).map((id) => label(lake, stack.stackName, id)),
          environment:
            (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
            {},
          kafkaClient,
        },
      ];
    }),
  );
}

/** Where the lake's functions reach the AWS APIs: the interface endpoints' group and the S3 prefix list. */
function awsApiTargets(lake: Lake): string[] {
  const foundation = stackName(lake.config.name, { kind: 'foundation' });
  const endpointGroup =
    resourceWith(lake, foundation, 'AWS::EC2::SecurityGroup', 'Interface endpoints') ??
    lake.config.network.endpointSecurityGroupId;
  const prefixList = resourceWith(lake, foundation, 'Custom::AWS', 'DescribeManagedPrefixLists');
  return [`tcp/443-443 -> sg ${endpointGroup}`, `tcp/443-443 -> prefix list ${prefixList}`];
}

/** The security group that guards the replicas of the source stack `stack`. */
function replicaGroup(lake: Lake, stack: string): string {
  const source = lake.config.sources.find(
    (s) => stackName(lake.config.name, { kind: 'source', source: s.name }) === stack,
  );
  if (source?.primary.securityGroupId) return source.primary.securityGroupId;
  const [[, instance]] = resourcesOfType(
    lake.values.stack(stack) as SynthesizedStack,
    'AWS::RDS::DBInstance',
  );
  return label(lake, stack, (instance.Properties?.VPCSecurityGroups as unknown[] | undefined)?.[0]);
}

/** The security group of the MSK Serverless cluster. */
function clusterGroup(lake: Lake): string {
  const events = stackName(lake.config.name, { kind: 'events' });
  const [[, cluster]] = resourcesOfType(
    lake.values.stack(events) as SynthesizedStack,
    'AWS::MSK::ServerlessCluster',
  );
  const vpcConfigs = cluster.Properties?.VpcConfigs as { SecurityGroups: unknown[] }[] | undefined;
  return label(lake, events, vpcConfigs?.[0]?.SecurityGroups[0]);
}

/** What a function in the VPC may reach, from what it does; undefined for a function with no known job there. */
function allowedEgress(lake: Lake, fn: VpcFunction): string[] | undefined {
  if (fn.kafkaClient) return [`tcp/9098-9098 -> sg ${clusterGroup(lake)}`];
  const port = fn.environment.REPLICA_PORT;
  if (port === undefined) return undefined;
  // A replica client reads the credentials secret (Secrets Manager), S3 and Glue through the endpoints.
  return [...awsApiTargets(lake), `tcp/${port}-${port} -> sg ${replicaGroup(lake, fn.stack)}`];
}

describe.each(EXAMPLE_CONFIGS)('%s: network egress', (file) => {
  it('no security group allows egress to the whole internet (0.0.0.0/0 or ::/0)', () => {
    // Arrange
    const lake = lakeOf(file);

    // Act
    const open = lake.stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::EC2::SecurityGroup').flatMap(([logicalId]) =>
        egressOf(lake, `${stack.stackName}/${logicalId}`)
          .filter((rule) => rule.endsWith(' 0.0.0.0/0') || rule.endsWith(' ::/0'))
          .map((rule) => `${stack.stackName}/${logicalId}: ${rule}`),
      ),
    );

    // Assert
    expect(open).toEqual([]);
  });

  it("each function in the VPC reaches exactly what its job needs: replica clients the endpoints (443), S3's prefix list (443) and the replica's port; Kafka clients only the cluster (9098)", () => {
    // Arrange
    const lake = lakeOf(file);

    // Act
    const found = vpcFunctions(lake).map((fn) => ({
      fn: `${fn.stack}/${fn.logicalId}`,
      egress: fn.securityGroups.flatMap((group) => egressOf(lake, group)).sort(),
    }));
    const expected = vpcFunctions(lake).map((fn) => ({
      fn: `${fn.stack}/${fn.logicalId}`,
      egress: allowedEgress(lake, fn)?.sort() ?? ['(a function in the VPC with no known job there)'],
    }));

    // Assert
    expect(found).toEqual(expected);
  });

  it('the MSK cluster admits only its clients (the relays and the topic function), on 9098, and sends nothing', () => {
    // Arrange
    const lake = lakeOf(file);
    if (lake.config.streams.length === 0) return;
    const cluster = clusterGroup(lake);

    // Act
    const ingress = ingressOf(lake, cluster).sort();
    const egress = egressOf(lake, cluster).filter((rule) => !rule.endsWith(' 255.255.255.255/32'));

    // Assert
    const clients = vpcFunctions(lake)
      .filter((fn) => fn.kafkaClient)
      .flatMap((fn) => fn.securityGroups.map((group) => `tcp/9098-9098 <- sg ${group}`));
    expect(clients.length).toBeGreaterThanOrEqual(2);
    expect(ingress).toEqual(clients.sort());
    expect(egress).toEqual([]);
  });
});

interface EndpointStatement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

function endpoints(lake: Lake) {
  return lake.stacks.flatMap((stack) =>
    resourcesOfType(stack, 'AWS::EC2::VPCEndpoint').map(([logicalId, endpoint]) => {
      const service = label(lake, stack.stackName, endpoint.Properties?.ServiceName).split('.').pop() ?? '';
      const document = endpoint.Properties?.PolicyDocument as { Statement?: EndpointStatement[] } | undefined;
      return { stack: stack.stackName, logicalId, service, statements: document?.Statement };
    }),
  );
}

/** Logical ids named by `Fn::GetAtt` anywhere in `value`. */
function attributeTargets(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(attributeTargets);
  const node = value as Record<string, unknown>;
  if ('Fn::GetAtt' in node) return [(node['Fn::GetAtt'] as string[])[0]];
  return Object.values(node).flatMap(attributeTargets);
}

// The endpoints a config creates: a new VPC, or an imported one with `endpoints: create`.
const WITH_ENDPOINTS = EXAMPLE_CONFIGS.filter((file) => {
  const { network } = loadConfig(join(CONFIG_DIR, file));
  return network.vpcId === undefined || network.endpoints === 'create';
});

describe.each(WITH_ENDPOINTS)('%s: VPC endpoint policies', (file) => {
  it('every endpoint has a policy, and no statement allows "*" resources', () => {
    // Arrange
    const lake = lakeOf(file);

    // Act
    const problems = endpoints(lake).flatMap(({ logicalId, service, statements }) => {
      if (statements === undefined) return [`${logicalId} (${service}): no policy, so full access`];
      return statements
        .filter((statement) => [statement.Resource].flat().includes('*'))
        .map(() => `${logicalId} (${service}): Resource "*"`);
    });

    // Assert
    expect(endpoints(lake).length).toBeGreaterThan(1);
    expect(problems).toEqual([]);
    // "The size of an endpoint policy cannot exceed 20,480 characters" (AWS PrivateLink Guide).
    for (const { statements } of endpoints(lake)) {
      expect(JSON.stringify({ Statement: statements }).length).toBeLessThan(20_480);
    }
  });

  it('every statement is limited to principals of the lake’s account (aws:PrincipalAccount on any principal: an endpoint policy must name a Principal)', () => {
    // Arrange
    const lake = lakeOf(file);

    // Act
    const statements = endpoints(lake).flatMap(({ statements }) => statements ?? []);

    // Assert
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Principal).toEqual({ AWS: '*' });
      expect(statement.Condition?.StringEquals?.['aws:PrincipalAccount']).toEqual({ Ref: 'AWS::AccountId' });
    }
  });

  it("the S3 gateway endpoint serves only the lake's buckets and their objects", () => {
    // Arrange
    const lake = lakeOf(file);
    const s3 = endpoints(lake).find((endpoint) => endpoint.service === 's3');

    // Act
    const resources = (s3?.statements ?? []).flatMap((statement) => [statement.Resource].flat());
    const types = resources
      .flatMap(attributeTargets)
      .map((logicalId) => s3 && lake.values.stack(s3.stack)?.template.Resources?.[logicalId]?.Type);

    // Assert
    expect(resources.length).toBeGreaterThanOrEqual(2);
    expect(resources.every((resource) => attributeTargets(resource).length === 1)).toBe(true);
    expect(new Set(types)).toEqual(new Set(['AWS::S3::Bucket']));
  });
});

// A flow log belongs to a VPC the lake creates.
const CREATED_VPC = EXAMPLE_CONFIGS.filter(
  (file) => loadConfig(join(CONFIG_DIR, file)).network.vpcId === undefined,
);

describe.each(CREATED_VPC)('%s: VPC flow log', (file) => {
  it('logs to a group encrypted with the operations key', () => {
    // Arrange
    const lake = lakeOf(file);
    const foundation = stackName(lake.config.name, { kind: 'foundation' });

    // Act
    const [[, flowLog]] = resourcesOfType(
      lake.values.stack(foundation) as SynthesizedStack,
      'AWS::EC2::FlowLog',
    );
    const group = label(lake, foundation, flowLog.Properties?.LogGroupName);
    const [, groupId] = group.split('/');
    const key = label(
      lake,
      foundation,
      lake.values.stack(foundation)?.template.Resources?.[groupId]?.Properties?.KmsKeyId,
    );

    // Assert
    expect(key).toMatch(new RegExp(`^${foundation}/StorageOperationsKey`));
  });
});
